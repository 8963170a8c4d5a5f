/** Published test vectors, with their sources. Bytes are hex. */

/** RFC 8032 §7.1, TEST 1–3 (Ed25519). */
export const RFC8032_ED25519 = [
  {
    name: "TEST 1 (empty message)",
    secretKey: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
    message: "",
    signature:
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  },
  {
    name: "TEST 2 (one byte)",
    secretKey: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
    message: "72",
    signature:
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  },
  {
    name: "TEST 3 (two bytes)",
    secretKey: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
    message: "af82",
    signature:
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
  },
] as const;

/** RFC 6979 §A.2.5 (ECDSA, 256 bits prime field = P-256), signatures with SHA-256. */
export const RFC6979_P256 = {
  privateKey: "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
  publicX: "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
  publicY: "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
  order: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
  signatures: [
    {
      message: "sample",
      r: "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
      s: "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
    },
    {
      message: "test",
      r: "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367",
      s: "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
    },
  ],
} as const;

/**
 * ML-DSA-87 example from the IETF LAMPS WG (draft-ietf-lamps-dilithium-certificates, RFC 9881 examples,
 * github.com/lamps-wg/dilithium-certificates examples/ML-DSA-87.pub and ML-DSA-87.crt): the key generated from
 * the seed 00 01 02 … 1f. We keep the SHA-256 of its 2592-byte public key, and the self-signed certificate
 * (fixtures/lamps-ML-DSA-87.crt) whose signature is a published ML-DSA-87 signature over its TBSCertificate.
 */
export const LAMPS_ML_DSA_87 = {
  seed: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
  publicKeySha256: "91dc389cfaa01470b7f66eee45a4ae9026d154817c754dfe22298b3fa241ffcd",
} as const;

/** Hash known answers: FIPS 180-2 / FIPS 202 examples ("abc", the 448-bit message) and BLAKE3 test_vectors.json. */
export const HASH_VECTORS = [
  { algorithm: "sha256", input: "", hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  {
    algorithm: "sha256",
    input: "abc",
    hex: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  },
  {
    algorithm: "sha256",
    input: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    hex: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  },
  {
    algorithm: "sha3-256",
    input: "",
    hex: "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
  },
  {
    algorithm: "sha3-256",
    input: "abc",
    hex: "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
  },
  {
    algorithm: "sha3-256",
    input: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    hex: "41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376",
  },
  { algorithm: "blake3", input: "", hex: "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262" },
  {
    algorithm: "blake3",
    input: "abc",
    hex: "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85",
  },
] as const;
