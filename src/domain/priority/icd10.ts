/**
 * Illnesses that prevent serving a sentence (CC art. 81 part 2): the list approved by
 * Government Decree No. 54 of 6 February 2004 "On the medical examination of convicts
 * put forward for release from serving a sentence because of illness", in the edition
 * that replaced the list in 2017 (the list grew from 41 to 57 entries; in force from
 * about 30 May 2017), which keys each illness by ICD-10 codes.
 *
 * This table is our reconstruction of the ICD-10 ranges of that list by section; it is
 * not the official text. Every entry of the real list comes with a severity condition
 * (stage, degree of organ failure, resistance to treatment): a code match means "this
 * illness is of a kind on the list", never "the person qualifies" — that is for a
 * medical commission. See docs/priority.md for the limits.
 */

export type Confidence = "high" | "medium" | "low";

export interface Decree54Entry {
  id: string;
  section: string;
  title: string;
  /** Ranges of 3-character categories ("A15".."A19") or exact codes/prefixes ("H54.0"). */
  codes: ReadonlyArray<readonly [string, string] | string>;
  /** The severity condition as the list words it, in short. */
  condition: string;
  confidence: Confidence;
}

export const DECREE_54_LIST: readonly Decree54Entry[] = [
  { id: "tb", section: "Infectious", title: "Tuberculosis", codes: [["A15", "A19"]], condition: "progressive forms with severe organ failure, or resistant to treatment", confidence: "high" },
  { id: "hiv", section: "Infectious", title: "HIV disease", codes: [["B20", "B24"]], condition: "advanced stages (4B, 4C, 5) with progression despite therapy", confidence: "high" },
  { id: "hepatitis", section: "Infectious", title: "Chronic viral hepatitis", codes: ["B18"], condition: "with liver cirrhosis and decompensation", confidence: "medium" },
  { id: "cancer", section: "Neoplasms", title: "Malignant neoplasms", codes: [["C00", "C97"]], condition: "with metastases / stage IV, or not amenable to radical treatment", confidence: "high" },
  { id: "blood", section: "Blood", title: "Severe diseases of blood and blood-forming organs", codes: [["D60", "D64"], ["D66", "D68"], ["D46", "D47"]], condition: "aplastic and other anaemias, coagulation defects with severe course", confidence: "medium" },
  { id: "diabetes", section: "Endocrine", title: "Diabetes mellitus", codes: [["E10", "E14"]], condition: "with severe complications (nephropathy with kidney failure, gangrene, blindness)", confidence: "high" },
  { id: "endocrine-other", section: "Endocrine", title: "Severe disorders of the pituitary and adrenal glands", codes: [["E22", "E24"], "E27"], condition: "with severe insufficiency not compensated by therapy", confidence: "low" },
  { id: "mental", section: "Mental", title: "Mental disorders (art. 81 part 1 and the list)", codes: [["F00", "F09"], ["F20", "F29"], ["F70", "F79"]], condition: "chronic mental disorder depriving the person of awareness or control of their actions", confidence: "medium" },
  { id: "neuro-degenerative", section: "Nervous system", title: "Systemic atrophies, Parkinson's and Alzheimer's disease, multiple sclerosis", codes: [["G10", "G13"], "G20", "G30", "G35"], condition: "with severe persistent disorders of movement or cognition", confidence: "medium" },
  { id: "paralysis", section: "Nervous system", title: "Paralytic syndromes", codes: [["G80", "G83"]], condition: "tetraplegia / paraplegia, severe persistent", confidence: "medium" },
  { id: "blindness", section: "Eye", title: "Blindness of both eyes", codes: ["H54.0"], condition: "blindness in both eyes", confidence: "medium" },
  { id: "heart", section: "Circulatory", title: "Chronic heart disease with heart failure", codes: [["I05", "I09"], ["I20", "I25"], ["I34", "I37"], "I42", "I50"], condition: "chronic heart failure stage III (NYHA class III–IV)", confidence: "high" },
  { id: "hypertension", section: "Circulatory", title: "Hypertensive disease", codes: [["I10", "I15"]], condition: "with severe target-organ damage (heart, kidney or brain failure)", confidence: "medium" },
  { id: "cerebrovascular", section: "Circulatory", title: "Cerebrovascular disease", codes: [["I60", "I69"]], condition: "with severe persistent neurological deficit or dementia", confidence: "high" },
  { id: "arteries", section: "Circulatory", title: "Diseases of arteries", codes: [["I70", "I79"]], condition: "with critical limb ischaemia or gangrene", confidence: "medium" },
  { id: "lungs", section: "Respiratory", title: "Chronic lung disease", codes: [["J40", "J47"], "J84", ["J60", "J70"]], condition: "with respiratory failure grade III", confidence: "high" },
  { id: "liver", section: "Digestive", title: "Liver disease with cirrhosis", codes: [["K70", "K77"]], condition: "cirrhosis with decompensation (ascites, encephalopathy, bleeding)", confidence: "high" },
  { id: "bowel", section: "Digestive", title: "Crohn's disease, ulcerative colitis", codes: [["K50", "K51"]], condition: "severe course with complications", confidence: "low" },
  { id: "connective", section: "Musculoskeletal", title: "Rheumatoid arthritis and systemic connective tissue disorders", codes: [["M05", "M06"], ["M30", "M36"]], condition: "severe, with organ failure or loss of self-care", confidence: "medium" },
  { id: "kidney", section: "Genitourinary", title: "Chronic kidney disease", codes: ["N18", "N19"], condition: "end stage (stage 5), needing dialysis", confidence: "high" },
  { id: "amputation", section: "Consequences of injury", title: "Acquired absence of limbs", codes: ["Z89"], condition: "amputation of both upper or both lower limbs at a high level", confidence: "medium" },
];

const CODE_RE = /^([A-Z])(\d{2})(?:\.(\w{1,2}))?$/;

/** "c34.1 " → "C34.1"; null when not an ICD-10 code. */
export function normaliseIcd10(code: string): string | null {
  const c = code.trim().toUpperCase().replace(/,/g, ".");
  // Accept the Cyrillic letters that look like Latin ones (common typing error).
  const latin = c.replace(/[АВСЕНКМОРТХ]/g, (ch) => ({ А: "A", В: "B", С: "C", Е: "E", Н: "H", К: "K", М: "M", О: "O", Р: "P", Т: "T", Х: "X" })[ch] ?? ch);
  return CODE_RE.test(latin) ? latin : null;
}

function category(code: string): string {
  return code.slice(0, 3);
}

function matchesSpec(code: string, spec: readonly [string, string] | string): boolean {
  if (typeof spec === "string") {
    return spec.includes(".") ? code === spec || code.startsWith(spec) : category(code) === spec;
  }
  const cat = category(code);
  return cat >= spec[0] && cat <= spec[1];
}

export function matchDecree54(code: string): Decree54Entry[] {
  const n = normaliseIcd10(code);
  if (!n) return [];
  return DECREE_54_LIST.filter((e) => e.codes.some((s) => matchesSpec(n, s)));
}
