// One seeded generator of realistic business data for every sandbox: people, companies, addresses,
// e-mails, phones. Names carry accents, CJK, apostrophes and long forms, because real ledgers and CRMs
// do and connectors must survive them. Deterministic: the same seed gives the same sequence.
import { seededRandom } from './random.ts';

export const COMPANY_NAMES = [
  'Black & Sons Hardware', 'Société Générale d’Électricité', 'Müller & Söhne GmbH', '株式会社山田商事', 'Łódź Trading Sp. z o.o.',
  "O'Neil's Pub & Grill", 'Café ☕ Roasters Collective', 'Ångström Optics AB', 'Nuñez Distribuidora S.A. de C.V.',
  'Bar Mart Wholesale', 'Δέλτα Εμπορική Α.Ε.', 'Ōsaka Precision Tools', 'Smith, Jones and Associates, Chartered Accountants',
  'Northwind Traders', 'Contoso Pharmaceuticals', 'Fabrikam Residences', 'Tailspin Toys', 'Wide World Importers',
  'Alpine Ski House', 'Coho Winery', 'Proseware Inc.', 'Litware Learning', 'Adventure Works Cycles', 'Blue Yonder Airlines',
  'Žilina Steel s.r.o.', 'Çelik Yapı A.Ş.', 'Hôtel du Lac Léman', 'Þórsson ehf.', 'محمد للتجارة', 'Ресторан «Пушкин»',
] as const;
export const FIRST_NAMES = ['Ronald', 'José', 'Zoë', 'Søren', 'Đorđe', 'Aoife', 'Chloé', 'Mei', 'Björn', 'Priya', 'Kwame', 'Siobhán', 'Renée', 'Yusuf', 'Ana', 'Łukasz', 'Hélène', 'Tomás'] as const;
export const LAST_NAMES = ['Black', 'García', 'Müller', 'Nguyễn', 'O’Brien', 'Kowalski', 'Dubois', 'Tanaka', 'Sørensen', 'Okafor', 'Smith', 'Fernández', 'van der Berg', 'Öztürk', 'Jones-Whitaker', '王'] as const;
export const STREETS = ['Main Street', 'Boulevard Saint-Laurent Nord-Ouest', 'Königsallee', 'Calle de Alcalá', 'Sunset Boulevard', 'Rue de Rivoli', 'Bahnhofstraße'] as const;

export interface City {
  city: string;
  /** State or province code; empty where the country has none in addresses. */
  region: string;
  postalCode: string;
  country: string;
}

export const CITIES: readonly City[] = [
  { city: 'San Francisco', region: 'CA', postalCode: '94110', country: 'USA' },
  { city: 'Montréal', region: 'QC', postalCode: 'H2X 1Y4', country: 'Canada' },
  { city: 'Düsseldorf', region: '', postalCode: '40212', country: 'Germany' },
  { city: 'Madrid', region: '', postalCode: '28014', country: 'Spain' },
  { city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'Canada' },
  { city: 'Chicago', region: 'IL', postalCode: '60601', country: 'USA' },
  { city: '東京', region: '', postalCode: '100-0005', country: 'Japan' },
];

export interface Person {
  first: string;
  last: string;
}

/** ASCII local part for an e-mail address: accents dropped, anything else removed. */
export function emailLocalPart(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '') || 'x';
}

/** A DNS label from any name (reserved `.example` TLD, so generated mail never leaves the machine). */
export function domainFor(name: string): string {
  return `${emailLocalPart(name).replace(/\./g, '-').slice(0, 50) || 'company'}.example`;
}

export class FakeData {
  readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  person(): Person {
    return { first: this.pick(FIRST_NAMES), last: this.pick(LAST_NAMES) };
  }

  /** The i-th company: the fixed list first (so small data sets hit every awkward name), then numbered variants. */
  companyName(i: number): string {
    const base = this.pick(COMPANY_NAMES);
    return i < COMPANY_NAMES.length ? COMPANY_NAMES[i]! : `${base} ${i + 1}`;
  }

  city(): City {
    return this.pick(CITIES);
  }

  street(): string {
    return `${this.int(1, 9999)} ${this.pick(STREETS)}`;
  }

  email(person: Person, domain: string, suffix = ''): string {
    return `${emailLocalPart(person.first)}.${emailLocalPart(person.last)}${suffix}@${domain}`;
  }

  /** A phone number in a reserved fictional range (UK 020 7946 0xxx-style drama numbers, US 555-01xx). */
  phone(style: 'uk' | 'us' = 'us'): string {
    return style === 'uk' ? `+44 20 7946 ${String(this.int(0, 999)).padStart(4, '0')}` : `+1 415 555 ${String(100 + this.int(0, 99)).padStart(4, '0')}`;
  }
}
