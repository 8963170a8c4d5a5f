// Regenerates offensive.json: `node packages/gates/test/corpus/generate-offensive.ts`.
// Each base term (clearly offensive in its language) is written the ways people dodge filters: as is, in a
// sentence, UPPER and MiXeD case, leetspeak, look-alike letters from another script, spaced, dotted and
// hyphenated letters, stretched letters, zero-width characters and full-width forms. Deterministic.
import { writeFileSync } from "node:fs";

const BASE: Record<string, string[]> = {
  en: [
    "fuck",
    "shit",
    "bitch",
    "cunt",
    "asshole",
    "motherfucker",
    "nigger",
    "faggot",
    "slut",
    "whore",
    "dick",
    "pussy",
    "bastard",
    "wanker",
    "twat",
    "cocksucker",
  ],
  es: [
    "puta",
    "mierda",
    "gilipollas",
    "cabrón",
    "pendejo",
    "coño",
    "maricón",
    "hijo de puta",
    "chupapollas",
    "verga",
  ],
  fr: [
    "merde",
    "putain",
    "connard",
    "salope",
    "enculé",
    "bite",
    "pute",
    "nique ta mère",
    "couilles",
    "branleur",
  ],
  de: ["scheiße", "arschloch", "fotze", "hurensohn", "wichser", "schlampe", "fick dich", "schwuchtel"],
  it: ["cazzo", "stronzo", "vaffanculo", "puttana", "coglione", "minchia", "troia", "frocio"],
  pt: ["caralho", "porra", "buceta", "filho da puta", "foda-se", "merda", "viado", "cacete"],
  nl: ["klootzak", "godverdomme", "hoer", "kut", "lul", "teringlijer", "kankerhoer"],
  pl: ["kurwa", "chuj", "pierdolić", "jebać", "skurwysyn", "pizda", "spierdalaj"],
  ru: ["хуй", "пизда", "блядь", "сука", "мудак", "ебать", "pizda", "говно"],
  tr: ["orospu", "siktir", "yarrak", "amına koyayım", "piç", "göt", "pezevenk"],
  sv: ["fitta", "kuk", "jävla", "hora", "knulla"],
  hi: ["madarchod", "chutiya", "bhenchod", "मादरचोद", "रंडी", "gandu"],
  ja: ["まんこ", "ちんこ", "クソ野郎", "オマンコ"],
  zh: ["傻逼", "操你妈", "他妈的", "婊子"],
  ko: ["씨발", "개새끼", "병신", "좆같은"],
  ar: ["شرموطة", "كس أمك", "عاهرة", "قحبة"],
};

const LEET: Record<string, string> = { a: "4", e: "3", i: "1", o: "0", s: "$", t: "7" };
const TO_CYRILLIC: Record<string, string> = {
  a: "а",
  c: "с",
  e: "е",
  o: "о",
  p: "р",
  x: "х",
  y: "у",
  i: "і",
};
const TO_LATIN: Record<string, string> = { а: "a", е: "e", о: "o", р: "p", с: "c", у: "y", х: "x", к: "k" };
const SENTENCE: Record<string, (w: string) => string> = {
  en: (w) => `you are such a ${w}!`,
  es: (w) => `eres un ${w}, de verdad`,
  fr: (w) => `quel ${w}, franchement.`,
  de: (w) => `du bist ein ${w}.`,
  it: (w) => `sei proprio un ${w}!`,
  pt: (w) => `você é um ${w}.`,
  nl: (w) => `wat een ${w} ben jij`,
  pl: (w) => `ty ${w}!`,
  ru: (w) => `ты ${w}, понял?`,
  tr: (w) => `sen tam bir ${w} oldun`,
  sv: (w) => `din ${w}!`,
  hi: (w) => `tu ${w} hai`,
  ja: (w) => `お前は${w}だ`,
  zh: (w) => `你这个${w}！`,
  ko: (w) => `너 ${w} 진짜`,
  ar: (w) => `انت ${w} يا`,
};

const isLatin = (w: string) => /^[\p{Script=Latin}\s'-]+$/u.test(w);
const isCyrillic = (w: string) => /^[\p{Script=Cyrillic}\s]+$/u.test(w);
const isUnspaced = (w: string) =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(w);

function mixedCase(w: string): string {
  return [...w].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join("");
}
function leet(w: string): string {
  let replaced = 0;
  return [...w].map((c) => (LEET[c] !== undefined && replaced++ < 2 ? LEET[c]! : c)).join("");
}
function homoglyph(w: string, table: Record<string, string>): string {
  return [...w].map((c) => table[c] ?? c).join("");
}
function spaced(w: string, separator: string): string {
  return w
    .split(" ")
    .map((word) => [...word.replace(/-/g, "")].join(separator))
    .join(separator === " " ? "   " : " ");
}
function stretched(w: string): string {
  const letters = [...w];
  const index = letters.findIndex((c) => /[aeiouаеиоуыяюäöüåéèíóú]/iu.test(c));
  const at = index < 0 ? 1 : index;
  letters[at] = letters[at]!.repeat(4);
  return letters.join("");
}
function zeroWidth(w: string): string {
  const letters = [...w];
  letters.splice(Math.max(1, Math.floor(letters.length / 2)), 0, "\u200b");
  return letters.join("");
}
function fullWidth(w: string): string {
  return [...w].map((c) => (/[a-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join("");
}

interface Item {
  text: string;
  languages: string[];
  regions?: string[];
  base: string;
  variant: string;
}

const items: Item[] = [];
for (const [language, words] of Object.entries(BASE)) {
  for (const base of words) {
    const add = (variant: string, text: string) => {
      if (!items.some((i) => i.text === text && i.languages[0] === language)) {
        items.push({ text, languages: [language], base, variant });
      }
    };
    add("plain", base);
    add("sentence", SENTENCE[language]!(base));
    if (isUnspaced(base)) {
      add("spaced", [...base].join(" "));
      add("punctuated", [...base].join("."));
      continue;
    }
    add("upper", base.toUpperCase());
    add("mixed_case", mixedCase(base));
    add("stretched", stretched(base));
    add("zero_width", zeroWidth(base));
    if (language === "ar") {
      add("tatweel", [...base].join("ـ").replace(/ـ ـ/g, " "));
      continue;
    }
    add("spaced", spaced(base, " "));
    add("dotted", spaced(base, "."));
    add("hyphenated", spaced(base, "-"));
    if (isLatin(base)) {
      add("leetspeak", leet(base));
      add("leetspeak_sentence", SENTENCE[language]!(leet(base)));
      add("homoglyph_cyrillic", homoglyph(base, TO_CYRILLIC));
      add("full_width", fullWidth(base));
    }
    if (isCyrillic(base)) add("homoglyph_latin", homoglyph(base, TO_LATIN));
  }
}

/** Written by hand: embedded words, symbol spellings, idioms and regional slurs the generator does not make. */
const HANDWRITTEN: { text: string; languages: string[]; regions?: string[]; variant: string }[] = [
  { text: "wordsbeforefuckandafter", languages: ["en"], variant: "embedded" },
  { text: "what the fuuuck is this", languages: ["en"], variant: "stretched_sentence" },
  { text: "ur a b!tch", languages: ["en"], variant: "symbol" },
  { text: "kiss my @ss", languages: ["en"], variant: "symbol" },
  { text: "total a$$hole", languages: ["en"], variant: "symbol" },
  { text: "sh!thead", languages: ["en"], variant: "symbol" },
  { text: "motherfuckingbullshit", languages: ["en"], variant: "embedded" },
  { text: "n1gg3r", languages: ["en"], variant: "leetspeak" },
  { text: "f4gg0t", languages: ["en"], variant: "leetspeak" },
  { text: "ƒuck", languages: ["en"], variant: "homoglyph_latin_extended" },
  { text: "𝐟𝐮𝐜𝐤", languages: ["en"], variant: "mathematical_bold" },
  { text: "ｂｉｔｃｈ ａｓｓ", languages: ["en"], variant: "full_width" },
  { text: "c-u-n-t", languages: ["en"], variant: "hyphenated" },
  { text: "eres una pendeja", languages: ["es"], variant: "sentence" },
  { text: "vete a la mierda", languages: ["es"], variant: "idiom" },
  { text: "hijo de p*ta", languages: ["es"], variant: "masked" },
  { text: "quelle connasse", languages: ["fr"], variant: "sentence" },
  { text: "ta gueule connard", languages: ["fr"], variant: "sentence" },
  { text: "fils de pute", languages: ["fr"], variant: "idiom" },
  { text: "du W1chser", languages: ["de"], variant: "leetspeak" },
  { text: "verpiss dich, Arschloch", languages: ["de"], variant: "sentence" },
  { text: "porca puttana", languages: ["it"], variant: "idiom" },
  { text: "testa di cazzo", languages: ["it"], variant: "idiom" },
  { text: "vai tomar no cu", languages: ["pt"], variant: "idiom" },
  { text: "puta que pariu", languages: ["pt"], variant: "idiom" },
  { text: "kurwa mać", languages: ["pl"], variant: "idiom" },
  { text: "сука блять", languages: ["ru"], variant: "idiom" },
  { text: "иди на хуй", languages: ["ru"], variant: "idiom" },
  { text: "orospu çocuğu", languages: ["tr"], variant: "idiom" },
  { text: "jävla idiot", languages: ["sv"], variant: "sentence" },
  { text: "teri maa ki chut", languages: ["hi"], variant: "idiom" },
  { text: "他妈的混蛋", languages: ["zh"], variant: "embedded" },
  { text: "씨발놈아", languages: ["ko"], variant: "embedded" },
  { text: "クソ野郎め", languages: ["ja"], variant: "embedded" },
  { text: "يا ابن الشرموطة", languages: ["ar"], variant: "idiom" },
  { text: "kaffir", languages: ["en"], regions: ["ZA"], variant: "regional" },
  { text: "k4ffir", languages: ["en"], regions: ["ZA"], variant: "regional_leetspeak" },
  { text: "bougnoule", languages: ["en"], regions: ["FR"], variant: "regional" },
  { text: "Sieg Heil", languages: ["de"], regions: ["DE"], variant: "regional" },
  { text: "chamar", languages: ["hi"], regions: ["IN"], variant: "regional" },
  { text: "支那人", languages: ["ja"], regions: ["JP"], variant: "regional" },
  { text: "redskins", languages: ["en"], regions: ["US"], variant: "regional" },
];
for (const item of HANDWRITTEN) items.push({ ...item, base: item.text });

writeFileSync(
  new URL("./offensive.json", import.meta.url),
  `${JSON.stringify(
    {
      description:
        "Offensive variants that the CulturalSafetyChecker must catch for readers of the listed language. Generated by generate-offensive.ts from base terms in each language.",
      items,
    },
    null,
    1,
  )}\n`,
);
console.log(`${items.length} offensive variants`);
