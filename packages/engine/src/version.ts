/** Engine identity recorded in every artifact and bound into its keys: a change here changes every artifact. */
export const ENGINE_VERSION = "qrg-engine/1";
