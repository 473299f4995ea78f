//! The complaint summary (投诉材料) as plain text: who, when, what, with which evidence, addressed
//! to one complaint channel. Pure: the words come from the `contacts` locale through `t`, the
//! data from the core's ViolationSummary and the contact log, so the same input always gives
//! the same text (tests pin it).

import type { TFunction } from 'i18next';
import { formatDateTime } from '../../lib/format';
import type { CheckedContact, ComplaintChannel, Profile, ViolationItem, ViolationSummary } from '../../platform';

export type ComplaintLang = 'zh' | 'en';

export interface ComplaintInput {
  summary: ViolationSummary;
  contacts: readonly CheckedContact[];
  /** The channel to address; null writes a summary of every item to nobody in particular. */
  channel: ComplaintChannel | null;
  lang: ComplaintLang;
  /** Today's date, YYYY-MM-DD (passed in so the text is reproducible). */
  today: string;
  t: TFunction<['contacts', 'enums']>;
  /** The user's saved details (设置 › 我的信息); their name, ID number and phone sign the complaint. */
  complainant?: Profile | null;
}

/** The items a channel handles: those whose code it lists (all when it lists none). */
export function itemsForChannel(items: readonly ViolationItem[], channel: ComplaintChannel | null): ViolationItem[] {
  if (!channel || channel.codes.length === 0) return [...items];
  return items.filter((item) => channel.codes.includes(item.code));
}

function unique(values: (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const v of values) {
    const s = v?.trim();
    if (s) seen.add(s);
  }
  return [...seen];
}

function byInstantThenOrder(a: { at: string; i: number }, b: { at: string; i: number }): number {
  const d = Date.parse(a.at) - Date.parse(b.at);
  return Number.isNaN(d) || d === 0 ? a.i - b.i : d;
}

/** The closing line: the complainant's details where the profile has them, lines to write on elsewhere. */
function signature(t: ComplaintInput['t'], me: Profile | null | undefined): string {
  if (!me || (!me.name && !me.id_number && !me.phone)) return t('complaint.signature');
  const blank = t('complaint.blank');
  return t('complaint.signatureFilled', { name: me.name ?? blank, id: me.id_number ?? blank, phone: me.phone ?? blank });
}

export function buildComplaintText({ summary, contacts, channel, lang, today, t, complainant }: ComplaintInput): string {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  // Oldest first: a complaint reads as a chronology.
  const items = itemsForChannel(summary.items, channel)
    .map((item, i) => ({ item, i, at: item.at }))
    .sort(byInstantThenOrder)
    .map(({ item }) => item);
  const involved = unique(items.map((i) => i.contact_id)).flatMap((id) => {
    const c = byId.get(id);
    return c ? [c] : [];
  });
  const sep = t('complaint.separator');

  const lines: string[] = [t('complaint.heading'), ''];
  if (channel) {
    lines.push(t('complaint.to', { name: t(`enums:complaintLine.${channel.line}`), number: channel.number }));
    lines.push(t('complaint.scope', { text: t(`enums:complaintScope.${channel.line}`) }));
  }
  lines.push(t('complaint.date', { date: today }), '');

  lines.push(t('complaint.partiesTitle'));
  const organisations = unique(involved.map((c) => c.organisation));
  const persons = unique(involved.map((c) => c.person));
  const numbers = unique(involved.map((c) => c.number));
  if (organisations.length) lines.push(t('complaint.organisations', { list: organisations.join(sep) }));
  if (persons.length) lines.push(t('complaint.persons', { list: persons.join(sep) }));
  if (numbers.length) lines.push(t('complaint.numbers', { list: numbers.join(sep) }));
  if (!organisations.length && !persons.length && !numbers.length) lines.push(t('complaint.unknownParty'));
  lines.push('');

  lines.push(t('complaint.itemsTitle', { count: items.length }));
  items.forEach((item, index) => {
    const contact = byId.get(item.contact_id);
    const who = contact ? unique([contact.organisation, contact.person, contact.number]).join(' ') : '';
    const head = contact
      ? t('complaint.itemContact', {
          at: formatDateTime(item.at),
          channel: t(`enums:channel.${contact.channel}`),
          direction: t(`enums:direction.${contact.direction}`),
          from: who ? t('complaint.itemFrom', { who }) : '',
        })
      : formatDateTime(item.at);
    lines.push(`${index + 1}. ${head}`);
    const reason = lang === 'zh' ? item.reason_zh : item.reason_en;
    lines.push(`   ${t('complaint.itemRule', { label: t(`enums:flag.${item.code}`), reason })}`);
    // The whole sentence as recorded, never the keyword or a time; its line breaks are kept,
    // each following line indented under the item.
    if (item.quote) lines.push(`   ${t('complaint.itemQuote', { quote: item.quote }).split('\n').join('\n   ')}`);
    lines.push(`   ${t('complaint.itemBasis', { basis: lang === 'zh' ? item.basis : item.basis_en })}`);
    const evidence = unique([...item.evidence_ids, ...(contact?.evidence_ids ?? [])]);
    lines.push(
      `   ${evidence.length ? t('complaint.itemEvidence', { ids: evidence.join(sep) }) : t('complaint.itemNoEvidence')}`,
    );
  });
  lines.push('');

  lines.push(t('complaint.requestTitle'), t('complaint.request'), '');
  lines.push(t('complaint.noteTitle'), t('complaint.note'), '', signature(t, complainant), '');
  return lines.join('\n');
}
