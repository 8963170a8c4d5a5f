/** Request bodies larger than this get 413. */
export const MAX_BODY_BYTES = 64 * 1024;
