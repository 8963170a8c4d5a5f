import { stemmer as danish } from "@orama/stemmers/danish";
import { stemmer as dutch } from "@orama/stemmers/dutch";
import { stemmer as english } from "@orama/stemmers/english";
import { stemmer as finnish } from "@orama/stemmers/finnish";
import { stemmer as french } from "@orama/stemmers/french";
import { stemmer as german } from "@orama/stemmers/german";
import { stemmer as hungarian } from "@orama/stemmers/hungarian";
import { stemmer as italian } from "@orama/stemmers/italian";
import { stemmer as norwegian } from "@orama/stemmers/norwegian";
import { stemmer as portuguese } from "@orama/stemmers/portuguese";
import { stemmer as romanian } from "@orama/stemmers/romanian";
import { stemmer as russian } from "@orama/stemmers/russian";
import { stemmer as spanish } from "@orama/stemmers/spanish";
import { stemmer as swedish } from "@orama/stemmers/swedish";
import { stemmer as turkish } from "@orama/stemmers/turkish";

/**
 * Snowball stemmers (npm @orama/stemmers, Apache-2.0) by our language label. Languages without one are matched
 * by their list entries, compounds and spelling keys only.
 */
export const STEMMERS: ReadonlyMap<string, (word: string) => string> = new Map([
  ["da", danish],
  ["de", german],
  ["en", english],
  ["es", spanish],
  ["fi", finnish],
  ["fr", french],
  ["fr-ca", french],
  ["hu", hungarian],
  ["it", italian],
  ["nl", dutch],
  ["no", norwegian],
  ["pt", portuguese],
  ["ro", romanian],
  ["ru", russian],
  ["sv", swedish],
  ["tr", turkish],
]);
