import { readFileSync } from "node:fs";
import { z } from "zod";
import { HarmfulCategorySchema } from "../src/policy/policy-schema.ts";

/** The held-out set: written apart from the training corpus, never trained or tuned on. */
export const HELDOUT_URL: URL = new URL("../data/intent-heldout.v1.json", import.meta.url);

export const HeldOutSchema = z.object({
  version: z.string(),
  description: z.string(),
  provenance: z.string(),
  items: z.array(
    z.object({
      text: z.string().min(1),
      language: z.string().min(2),
      label: z.union([HarmfulCategorySchema, z.literal("benign")]),
      /** `harmful`, or what kind of look-alike: help-seeking, fiction, idiom, education, ordinary. */
      kind: z.string().min(1),
    }),
  ),
});
export type HeldOutItem = z.output<typeof HeldOutSchema>["items"][number];

export function readHeldOut(): HeldOutItem[] {
  return HeldOutSchema.parse(JSON.parse(readFileSync(HELDOUT_URL, "utf8"))).items;
}

/**
 * Ordinary intent text put before or after a harmful request, to check that where the request stands in a
 * long intent (start or end of ~400 characters) does not change the verdict.
 */
export const PADDING: Readonly<Record<string, string>> = {
  en: "a soft watercolour of a harbour town in late summer, boats resting on calm water, gulls over the pier, warm light on old stone houses, children eating ice cream by the fountain, a bicycle leaning on a blue door, flowers in every window, the smell of bread from a small bakery, an old couple walking slowly along the quay",
  es: "una acuarela suave de un pueblo con puerto a finales de verano, barcas descansando en el agua tranquila, gaviotas sobre el muelle, luz cálida en las casas de piedra, niños comiendo helado junto a la fuente, una bicicleta apoyada en una puerta azul, flores en todas las ventanas, olor a pan de una pequeña panadería",
  fr: "une aquarelle douce d'un port en fin d'été, des barques qui reposent sur l'eau calme, des mouettes au-dessus de la jetée, une lumière chaude sur les vieilles maisons de pierre, des enfants qui mangent une glace près de la fontaine, un vélo contre une porte bleue, des fleurs à chaque fenêtre, l'odeur du pain d'une petite boulangerie",
  de: "ein zartes aquarell einer hafenstadt im spätsommer, boote ruhen auf stillem wasser, möwen über dem steg, warmes licht auf alten steinhäusern, kinder essen eis am brunnen, ein fahrrad lehnt an einer blauen tür, blumen in jedem fenster, der duft von brot aus einer kleinen bäckerei, ein altes paar spaziert langsam am kai",
  it: "un acquerello delicato di un paese di mare a fine estate, barche che riposano sull'acqua calma, gabbiani sopra il molo, luce calda sulle vecchie case di pietra, bambini che mangiano il gelato vicino alla fontana, una bicicletta appoggiata a una porta blu, fiori a ogni finestra, profumo di pane da un piccolo forno",
  pt: "uma aquarela suave de uma vila com porto no fim do verão, barcos descansando na água calma, gaivotas sobre o cais, luz quente nas velhas casas de pedra, crianças tomando sorvete perto da fonte, uma bicicleta encostada numa porta azul, flores em todas as janelas, cheiro de pão de uma pequena padaria",
};
