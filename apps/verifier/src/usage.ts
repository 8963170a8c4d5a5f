export const USAGE = `Usage:
  qrg-verify RESPONSE.json [--content FILE] [--attestation FILE] [--keys FILE | --api URL]
             [--node-keys FILE] [--policy auto|hybrid|classical|pq] [--json]
  qrg-verify bundle BUNDLE.json [--artifact FILE] (--keys FILE | --api URL) [--signed-at ISO] [--json]
  qrg-verify attestation ATTESTATION.json [--artifact FILE] (--keys FILE | --api URL) [--json]
  qrg-verify sbom SBOM.json [--digest ALG:HEX] [--json]
  qrg-verify FILE ...   (the kind is detected from the file: a QRG response, a Sigstore bundle,
                         a QRG attestation document or a CycloneDX SBOM)

Verifies offline, given a trust file of keys with validity windows (the JSON of GET /api/v1/qrg/keys).

Options:
  --content FILE, --artifact FILE   the artifact bytes
  --attestation FILE                the attestation document (served at provenance.attestation_ref)
  --keys FILE                       trusted keys: {"keys":[{key_id, algorithm, public_key_pem, status,
                                    not_before, not_after}]}
  --node-keys FILE                  mesh node keys for a response's quorum certificate
                                    (provenance.consensus.certificate): the JSON of
                                    GET /api/v1/qrg/mesh/nodes, {"nodes":[{node_id, key_id, algorithm,
                                    public_key_pem}]}
  --api URL                         fetch what is not given locally (content, attestation, keys, mesh
                                    node keys) from a QRG API; --keys and --node-keys, when given, still
                                    decide which keys are trusted
  --policy auto|hybrid|classical|pq which signatures must verify (default auto: all present)
  --signed-at ISO                   bundle: when it was signed (default: the Statement's finishedOn, else now)
  --digest ALG:HEX                  sbom: the digest the SBOM must have (e.g. from provenance.sbom_ref)
  --now ISO                         the verification time (default: now)
  --json                            print a JSON report instead of text
  -h, --help                        show this help

Exit status: 0 valid, 1 invalid (the failed checks are named), 2 usage or input error.
`;
