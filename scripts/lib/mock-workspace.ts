// A seeded Intercom workspace served by this project's own fake (`intercom-fetch/testing`): admins,
// teams of tags and companies, several pages of contacts and of conversations, searches, tagging, and
// Intercom's 404 for ids it does not have. Behind `npm run mock`, `npm run demo` and the examples test.
// The data is generated from a fixed seed, so every run serves the same workspace.
import type { Schema } from "../../src/index.js";
import { type FakeHandlers, type FakeIntercom, createFakeIntercom } from "../../src/testing.js";
import { type PathsByVersion, defaultVersion, metadata } from "../../src/generated.js";
import { type PageRequest, PageParameterError, pageOf, paginationOf } from "./fake-pages.js";

type Contact = Schema<"contact">;
type Conversation = Schema<"conversation">;
type Company = Schema<"company">;
type Admin = NonNullable<Schema<"admin">>;
type Tag = Schema<"tag">;

export interface Workspace {
  admins: Admin[];
  tags: Tag[];
  companies: Company[];
  contacts: Contact[];
  conversations: Conversation[];
}

export interface SeedOptions {
  /** How many contacts (default 320: three full pages of 150, and a part page). */
  contacts?: number;
  /** How many conversations (default 310). */
  conversations?: number;
}

/** mulberry32: a small deterministic PRNG, so the workspace is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = [
  "Ada",
  "Grace",
  "Alan",
  "Edsger",
  "Barbara",
  "Donald",
  "Frances",
  "Ken",
  "Radia",
  "Tim",
  "Hedy",
  "Linus",
];
const lastNames = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
  "Thompson",
  "Perlman",
  "Berners-Lee",
  "Lamarr",
  "Torvalds",
];
const companyNames = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Stark Industries",
  "Wayne Enterprises",
  "Soylent",
  "Vandelay",
  "Pied Piper",
  "Wonka",
  "Tyrell",
];
const topics = [
  ["Refund for a double charge", "Hi, I was charged twice this month and would like a refund for the second payment."],
  ["Cannot log in", "I reset my password but the login page still says my credentials are wrong."],
  ["Invoice address", "Could you change the billing address on our invoices to our new office?"],
  ["Refund after cancelling", "I cancelled my plan last week; when will the refund reach my card?"],
  ["Export to CSV", "Is there a way to export all our reports to CSV?"],
  ["Add a teammate", "How do I invite a new teammate to our workspace?"],
  ["App crashes on start", "The iOS app crashes right after the splash screen since the last update."],
] as const;
const cities = [
  ["Dublin", "Ireland", "IE"],
  ["London", "United Kingdom", "GB"],
  ["San Francisco", "United States", "US"],
  ["Sydney", "Australia", "AU"],
  ["Berlin", "Germany", "DE"],
] as const;

const start = 1_700_000_000; // 2023-11-14, the workspace's first day
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A workspace generated from a fixed seed. */
export function seedWorkspace(options: SeedOptions = {}): Workspace {
  const next = random(2010);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const workspaceId = "ecahpwf5";

  const admins: Admin[] = ["Ciaran Lee", "Eimear Byrne", "Sam Okafor", "Priya Nair"].map((name, i) => ({
    type: "admin",
    id: String(991267800 + i),
    name,
    email: `${name.split(" ")[0]!.toLowerCase()}@example-support.com`,
    job_title: i === 0 ? "Head of Support" : "Support Engineer",
    away_mode_enabled: false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
  }));
  const tags: Tag[] = ["VIP", "Churn risk", "Beta tester", "Enterprise", "Needs follow-up", "Billing"].map(
    (name, i) => ({
      type: "tag",
      id: String(7522900 + i),
      name,
    }),
  );
  const companies: Company[] = companyNames.map((name, i) => ({
    type: "company",
    id: `6657${hex(0xc0 + i, 20)}`,
    name,
    app_id: workspaceId,
    company_id: `${name.toLowerCase().replace(/\W+/g, "-")}-${i + 1}`,
    created_at: start + i * 86_400,
    updated_at: start + i * 86_400 + 3_600,
    size: 10 + Math.floor(next() * 990),
    website: `https://${name.toLowerCase().replace(/\W+/g, "")}.example.com`,
    industry: pick(["Software", "Retail", "Manufacturing", "Media", "Finance"]),
    monthly_spend: Math.floor(next() * 5_000),
    user_count: 0,
    session_count: 0,
  }));

  const contacts: Contact[] = Array.from({ length: options.contacts ?? 320 }, (_, i) => {
    const first = pick(firstNames);
    const last = pick(lastNames);
    const company = pick(companies);
    const [city, country, countryCode] = pick(cities);
    const created = start + i * 7_200;
    const contactTags = tags.filter(() => next() < 0.15);
    company.user_count = (company.user_count ?? 0) + 1;
    return {
      type: "contact",
      id: `6657${hex(i + 1, 20)}`,
      workspace_id: workspaceId,
      external_id: i % 3 === 0 ? null : `user-${1000 + i}`,
      role: i % 5 === 0 ? "lead" : "user",
      email: `${first}.${last}.${i + 1}@${company.website!.slice("https://".length)}`.toLowerCase(),
      email_domain: company.website!.slice("https://".length),
      name: `${first} ${last}`,
      phone: i % 4 === 0 ? `+353 1 555 ${hex(i, 4)}` : null,
      has_hard_bounced: false,
      marked_email_as_spam: false,
      unsubscribed_from_emails: i % 17 === 0,
      created_at: created,
      updated_at: created + 86_400,
      signed_up_at: i % 5 === 0 ? null : created,
      last_seen_at: created + Math.floor(next() * 2_000_000),
      custom_attributes: {},
      tags: {
        type: "list",
        data: contactTags.map((tag) => ({ type: "tag", id: tag.id, url: `/tags/${tag.id}` })),
        url: `/contacts/6657${hex(i + 1, 20)}/tags`,
        total_count: contactTags.length,
        has_more: false,
      },
      companies: {
        type: "list",
        // The spec gives company_data.url the `uri` format, so it is absolute here (Prism checks it).
        data: [{ type: "company", id: company.id, url: `https://api.intercom.io/companies/${company.id}` }],
        url: `/contacts/6657${hex(i + 1, 20)}/companies`,
        total_count: 1,
        has_more: false,
      },
      location: { type: "location", city, country, country_code: countryCode },
    };
  });

  const conversations: Conversation[] = Array.from({ length: options.conversations ?? 310 }, (_, i) => {
    const contact = contacts[Math.floor(next() * contacts.length)]!;
    const [subject, body] = pick(topics);
    const state = pick(["open", "open", "closed", "snoozed"] as const);
    const created = start + i * 5_400;
    const admin = pick(admins);
    return {
      type: "conversation",
      id: String(64619700005694 + i),
      title: subject,
      created_at: created,
      updated_at: created + 1_800,
      waiting_since: state === "open" ? created + 900 : null,
      snoozed_until: state === "snoozed" ? created + 604_800 : null,
      open: state !== "closed",
      state,
      read: next() < 0.6,
      priority: next() < 0.2 ? "priority" : "not_priority",
      admin_assignee_id: Number(admin.id),
      team_assignee_id: null,
      tags: { type: "tag.list", tags: [] },
      source: {
        type: "conversation",
        id: String(403918300 + i),
        delivered_as: "customer_initiated",
        subject,
        body: `<p>${body}</p>`,
        author: { type: "user", id: contact.id!, name: contact.name ?? "", email: contact.email ?? "" },
        attachments: [],
        url: null,
        redacted: false,
      },
      contacts: {
        type: "contact.list",
        contacts: [{ type: "contact", id: contact.id, external_id: contact.external_id }],
      },
    };
  });

  return { admins, tags, companies, contacts, conversations };
}

interface SearchQuery {
  field?: string;
  operator: string;
  value: unknown;
}

/** The value at a dotted path such as `source.body`. */
function fieldOf(item: unknown, field: string): unknown {
  return field.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], item);
}

/** Intercom's search operators, enough to filter the seeded data. */
function matches(item: unknown, query: SearchQuery): boolean {
  if (query.operator === "AND") return (query.value as SearchQuery[]).every((q) => matches(item, q));
  if (query.operator === "OR") return (query.value as SearchQuery[]).some((q) => matches(item, q));
  const actual = fieldOf(item, query.field ?? "");
  const text = String(actual ?? "").toLowerCase();
  const wanted = String(query.value).toLowerCase();
  switch (query.operator) {
    case "=":
      return text === wanted;
    case "!=":
      return text !== wanted;
    case "~":
      return text.includes(wanted);
    case "!~":
      return !text.includes(wanted);
    case "^":
      return text.startsWith(wanted);
    case "$":
      return text.endsWith(wanted);
    case ">":
      return Number(actual) > Number(query.value);
    case "<":
      return Number(actual) < Number(query.value);
    case "IN":
      return (query.value as unknown[]).map((v) => String(v).toLowerCase()).includes(text);
    case "NIN":
      return !(query.value as unknown[]).map((v) => String(v).toLowerCase()).includes(text);
    default:
      throw new PageParameterError(
        "parameter_invalid",
        `unsupported search operator ${JSON.stringify(query.operator)}`,
      );
  }
}

const notFound = (message: string) => ({
  status: 404 as const,
  body: { type: "error.list", request_id: null, errors: [{ code: "not_found", message }] },
});

/** A page of a list, or Intercom's 400 for a bad page parameter. */
function listPage(path: string, type: string, items: readonly unknown[], request: PageRequest) {
  try {
    return { body: { type, ...pageOf(paginationOf(path), items, request) } as never };
  } catch (error) {
    if (!(error instanceof PageParameterError)) throw error;
    return { status: 400 as const, body: error.body };
  }
}

const pageRequest = (query: Record<string, string | undefined>, body: unknown, request: Request): PageRequest => ({
  query,
  body,
  url: new URL(request.url),
});

/**
 * The fake Intercom, serving `workspace` on the default API version. Operations the workspace does not
 * cover answer with the spec's example, except those that name an id, which answer 404 as for any
 * id the workspace does not have.
 */
export function createMockIntercom(workspace: Workspace = seedWorkspace()): FakeIntercom {
  const { admins, tags, companies, contacts, conversations } = workspace;
  const byId = <T extends { id?: string }>(list: T[], id: string) => list.find((item) => item.id === id);
  const tagNamed = (id: unknown) => tags.find((tag) => tag.id === String(id));
  const search = <T>(items: T[], body: unknown) => {
    const query = (body as { query?: SearchQuery } | undefined)?.query;
    return query ? items.filter((item) => matches(item, query)) : items;
  };

  const handlers: FakeHandlers<PathsByVersion[typeof defaultVersion]> = {
    "/me": {
      get: () => {
        const { type, id, name, email, job_title, has_inbox_seat } = admins[0]!;
        const app = {
          type: "app",
          id_code: "ecahpwf5",
          name: "Mock workspace",
          region: "US",
          timezone: "Europe/Dublin",
        };
        return { body: { type, id, name, email, job_title, has_inbox_seat, email_verified: true, app } };
      },
    },
    "/admins": { get: () => ({ body: { type: "admin.list", admins } }) },
    "/admins/{id}": {
      get: ({ params }) => {
        const admin = byId(admins, params.id);
        return admin ? { body: admin } : notFound("Admin not found");
      },
    },
    "/tags": {
      get: () => ({ body: { type: "list", data: tags } }),
      // Creates the tag, or renames the one with `id`; a name already taken returns that tag.
      post: ({ body }) => {
        const name = (body as { name?: unknown } | undefined)?.name;
        if (typeof name !== "string" || name.trim() === "") {
          return {
            status: 400,
            body: { type: "error.list", errors: [{ code: "parameter_not_found", message: "name not specified" }] },
          };
        }
        const existing = tags.find((tag) => tag.name === name);
        if (existing) return { body: existing };
        const tag: Tag = { type: "tag", id: String(7522900 + tags.length), name };
        tags.push(tag);
        return { body: tag };
      },
    },
    "/tags/{id}": {
      get: ({ params }) => {
        const tag = byId(tags, params.id);
        return tag ? { body: tag } : notFound("Resource Not Found");
      },
    },
    "/contacts": {
      get: ({ query, request }) => listPage("/contacts", "list", contacts, pageRequest(query, undefined, request)),
    },
    "/contacts/search": {
      post: ({ body, request }) =>
        listPage("/contacts/search", "list", search(contacts, body), pageRequest({}, body, request)),
    },
    "/contacts/{id}": {
      get: ({ params }) => {
        const contact = byId(contacts, params.id);
        return contact ? { body: contact } : notFound("User Not Found");
      },
    },
    "/contacts/{contact_id}/tags": {
      get: ({ params }) => {
        const contact = byId(contacts, params.contact_id);
        if (!contact) return notFound("User Not Found");
        return {
          body: { type: "list", data: (contact.tags?.data ?? []).map((ref) => tagNamed(ref.id)!).filter(Boolean) },
        };
      },
      post: ({ params, body }) => {
        const contact = byId(contacts, params.contact_id);
        const tag = tagNamed(body?.id);
        if (!contact) return notFound("User Not Found");
        if (!tag) return notFound("Tag not found");
        const list = (contact.tags ??= { type: "list", data: [] });
        if (!list.data?.some((ref) => ref.id === tag.id))
          list.data = [...(list.data ?? []), { type: "tag", id: tag.id, url: `/tags/${tag.id}` }];
        return { body: tag };
      },
    },
    "/contacts/{contact_id}/tags/{id}": {
      delete: ({ params }) => {
        const contact = byId(contacts, params.contact_id);
        const tag = tagNamed(params.id);
        if (!contact) return notFound("User Not Found");
        if (!tag) return notFound("Tag not found");
        if (contact.tags) contact.tags.data = contact.tags.data?.filter((ref) => ref.id !== tag.id);
        return { body: tag };
      },
    },
    "/conversations": {
      get: ({ query, request }) =>
        listPage("/conversations", "conversation.list", conversations, pageRequest(query, undefined, request)),
    },
    "/conversations/search": {
      post: ({ body, request }) =>
        listPage(
          "/conversations/search",
          "conversation.list",
          search(conversations, body),
          pageRequest({}, body, request),
        ),
    },
    "/conversations/{id}": {
      get: ({ params }) => {
        const conversation = byId(conversations, params.id);
        return conversation ? { body: conversation } : notFound("Resource Not Found");
      },
    },
    "/conversations/{conversation_id}/tags": {
      post: ({ params, body }) => {
        const conversation = byId(conversations, params.conversation_id);
        const tag = tagNamed(body?.id);
        if (!conversation) return notFound("Resource Not Found");
        if (!tag) return notFound("Tag not found");
        const list = (conversation.tags ??= { type: "tag.list", tags: [] });
        if (!list.tags?.some((t) => t.id === tag.id)) {
          list.tags = [
            ...(list.tags ?? []),
            {
              ...tag,
              applied_at: Math.floor(Date.now() / 1000),
              applied_by: { type: "admin", id: body?.admin_id === undefined ? null : String(body.admin_id) },
            },
          ];
        }
        return { body: tag };
      },
    },
    "/conversations/{conversation_id}/tags/{id}": {
      delete: ({ params }) => {
        const conversation = byId(conversations, params.conversation_id);
        const tag = tagNamed(params.id);
        if (!conversation) return notFound("Resource Not Found");
        if (!tag) return notFound("Tag not found");
        if (conversation.tags) conversation.tags.tags = conversation.tags.tags?.filter((t) => t.id !== tag.id);
        return { body: tag };
      },
    },
    "/companies": {
      get: ({ query, request }) => listPage("/companies", "list", companies, pageRequest(query, undefined, request)),
    },
    "/companies/list": {
      post: ({ query, request }) =>
        listPage("/companies/list", "list", companies, pageRequest(query, undefined, request)),
    },
    "/companies/{id}": {
      get: ({ params }) => {
        const company = byId(companies, params.id);
        return company ? { body: company } : notFound("Company Not Found");
      },
    },
  };
  const fake = createFakeIntercom({ handlers });

  // Every other operation that names an id: the spec's example would answer any id with the same
  // object, so the workspace answers as Intercom does for an id it does not have.
  const handled = (path: string, method: string) => method in ((handlers as Record<string, object>)[path] ?? {});
  const operations: readonly { method: string; path: string }[] = metadata[defaultVersion].operations;
  for (const { method, path } of operations) {
    if (!path.includes("{") || handled(path, method)) continue;
    fake.on(path as never, method as never, (() => notFound(`Not found in the mock workspace: ${path}`)) as never);
  }
  return fake;
}
