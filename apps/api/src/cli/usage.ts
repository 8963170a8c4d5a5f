export const USAGE = `usage: qrg-api <command>

  serve                                   start the API (PORT, HOST, QRG_* environment variables)
  node                                    run a mesh consensus node (QRG_NODE_ID, QRG_REDIS_URL, QRG_*)
  token --sub lid:ID --tier N [--consent SCOPE]… [--scope SCOPES] [--ttl SECONDS]
                                          print a dev-issuer token (embedded default only);
                                          --scope auditor lets the token read every artifact
  keys list                               list signing keys with status and validity
  keys rotate [--algorithm ed25519|ecdsa-p256|ml-dsa-87]
                                          add a new active key; old keys stay for verification
  sbom [--out FILE]                       generate the service SBOM (CycloneDX 1.6 JSON)
  storage init                            S3: create the bucket, enable versioning, default
                                          encryption and the QRG_RETENTION_DAYS lifecycle rule
  export DIR                              write the embedded store as artifacts/, attestations/,
                                          sboms/ files into DIR
  audit verify [--json]                   check the audit log's hash chain and signed checkpoints;
                                          exit 1 naming the first bad entry
  audit tail [-n N]                       print the last N audit entries (default 20) as JSON lines
`;

/** A command line the CLI cannot act on: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** What a command leaves behind: an exit code, or `running` for a server that exits on a signal. */
export type CommandResult = number | "running";

/** `keys` sub-commands accept the same flags, so `keys list --algorithm x` parses as it always has. */
export const KEYS_OPTIONS = { algorithm: { type: "string", default: "ed25519" } } as const;
