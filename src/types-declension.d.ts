// Type declarations for the declension and morphology packages used by appeal-text reading (they ship none).
declare module "petrovich" {
  type Case = "nominative" | "genitive" | "dative" | "accusative" | "instrumental" | "prepositional";
  interface PetrovichPerson {
    gender?: "male" | "female" | "androgynous";
    first?: string;
    middle?: string;
    last?: string;
  }
  function petrovich<T extends PetrovichPerson>(person: T, gcase: Case): T;
  namespace petrovich {
    function detect_gender(middle: string): "male" | "female" | "androgynous";
  }
  export default petrovich;
}

declare module "az" {
  interface Tag {
    POS?: string;
    CAse?: string;
    GNdr?: string;
    toString(): string;
    [grammeme: string]: unknown;
  }
  interface Parse {
    word: string;
    tag: Tag;
    score: number;
    normalize(keepPOS?: boolean): Parse;
    inflect(grammemes: string[] | Tag): Parse | false;
  }
  interface MorphFn {
    (word: string, options?: Record<string, unknown>): Parse[];
    init(path: string, callback: (err?: unknown) => void): void;
  }
  const Az: { Morph: MorphFn };
  export default Az;
}
