// A reader of hunspell dictionaries (.dic + .aff) that lists every word with its suffix forms (one level of SFX
// rules; prefixes, compounding and continuation classes are ignored). Enough to know that `glasses` and
// `pollos` are ordinary words, which the .dic stems alone (`glass/MDSG`) do not say.

interface SuffixRule {
  readonly strip: string;
  readonly add: string;
  readonly condition: RegExp;
}

type FlagFormat = "char" | "utf8" | "long" | "num";

function parseFlags(flags: string, format: FlagFormat): string[] {
  if (format === "num") return flags.split(",").filter(Boolean);
  if (format === "long") return flags.match(/../gu) ?? [];
  return [...flags];
}

function conditionRegExp(condition: string): RegExp {
  if (condition === "." || condition === "") return /(?:)/u;
  // Hunspell conditions are a subset of regular-expression syntax: literal letters, `.` and bracket classes.
  return new RegExp(`${condition}$`, "u");
}

/** Parses the SFX rules of an .aff file, by flag. */
export function suffixRules(aff: string): { rules: Map<string, SuffixRule[]>; format: FlagFormat } {
  const format: FlagFormat = /^FLAG\s+long/m.test(aff)
    ? "long"
    : /^FLAG\s+num/m.test(aff)
      ? "num"
      : /^FLAG\s+UTF-8/m.test(aff)
        ? "utf8"
        : "char";
  const rules = new Map<string, SuffixRule[]>();
  for (const line of aff.split("\n")) {
    const parts = line.trim().split(/\s+/u);
    if (parts[0] !== "SFX" || parts.length < 5) continue;
    const [, flag, stripRaw, addRaw, condition] = parts as [string, string, string, string, string];
    let condition_: RegExp;
    try {
      condition_ = conditionRegExp(condition);
    } catch {
      continue;
    }
    const rule: SuffixRule = {
      strip: stripRaw === "0" ? "" : stripRaw,
      add: addRaw.split("/")[0] === "0" ? "" : addRaw.split("/")[0]!,
      condition: condition_,
    };
    const list = rules.get(flag);
    if (list === undefined) rules.set(flag, [rule]);
    else list.push(rule);
  }
  return { rules, format };
}

/**
 * Every word of a .dic file with its one-level suffix forms (case kept; callers fold). `expand(word)` false keeps
 * a word's forms out (the forms of a listed word, `culos` of `culo`, are that word, not ordinary words).
 */
export function expandDictionary(
  dic: string,
  aff: string,
  expand: (word: string) => boolean = () => true,
): string[] {
  const { rules, format } = suffixRules(aff);
  const out = new Set<string>();
  for (const line of dic.split("\n").slice(1)) {
    const entry = line.split("\t")[0]!.trim();
    if (entry.length === 0) continue;
    const slash = entry.indexOf("/");
    const word = slash === -1 ? entry : entry.slice(0, slash);
    if (word.length === 0 || /\d/.test(word)) continue;
    out.add(word);
    if (slash === -1 || !expand(word)) continue;
    for (const flag of parseFlags(entry.slice(slash + 1), format)) {
      for (const rule of rules.get(flag) ?? []) {
        if (rule.strip !== "" || !rule.condition.test(word)) continue;
        out.add(word.slice(0, word.length - rule.strip.length) + rule.add);
      }
    }
  }
  return [...out];
}
