/** A source of random bytes for `entropy_source: quantum_rng`. */
export interface EntropySource {
  /** `quantum` for a real quantum RNG; `os_csprng` for the operating system's CSPRNG. */
  readonly kind: "quantum" | "os_csprng";
  readonly name: string;
  read(length: number, signal: AbortSignal): Promise<Uint8Array>;
}
