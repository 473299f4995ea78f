import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { buildComplaintText, itemsForChannel } from './complaint';
import { CONTACTS, SUMMARY } from './fixtures';

const zh = i18n.getFixedT<['contacts', 'enums']>('zh-CN', ['contacts', 'enums']);
const en = i18n.getFixedT<['contacts', 'enums']>('en', ['contacts', 'enums']);
const [regulator, police] = SUMMARY.channels;

describe('complaint text', () => {
  it('is signed with the name, ID number and phone from the profile, blanks for what it lacks', () => {
    const base = { summary: SUMMARY, contacts: CONTACTS, channel: regulator ?? null, today: '2026-11-29' };
    const zhText = buildComplaintText({
      ...base,
      lang: 'zh',
      t: zh,
      complainant: { name: '李四', id_number: '11010519491231002X', phone: null, address: null },
    });
    expect(zhText).toContain('投诉人：李四    身份证号：11010519491231002X    联系电话：__________');
    expect(zhText).not.toContain('投诉人：__________');
    const enText = buildComplaintText({
      ...base,
      lang: 'en',
      t: en,
      complainant: { name: 'Li Si', id_number: null, phone: '13800000000', address: null },
    });
    expect(enText).toContain('Complainant: Li Si    ID number: __________    Phone: 13800000000');
    // No profile: the old lines to write on.
    expect(buildComplaintText({ ...base, lang: 'zh', t: zh, complainant: null })).toContain('投诉人：__________    联系电话：__________');
  });

  it('addresses the chosen channel and lists who, when, what and the evidence, oldest first', () => {
    const text = buildComplaintText({
      summary: SUMMARY,
      contacts: CONTACTS,
      channel: regulator ?? null,
      lang: 'zh',
      today: '2026-11-29',
      t: zh,
    });
    expect(text).toBe(
      [
        '关于违规催收的投诉',
        '',
        '致：金融监管总局消费者投诉热线（12378）',
        '受理范围：投诉银行、信用卡中心、消费金融公司等持牌机构及其委托的催收方的违规催收。',
        '日期：2026-11-29',
        '',
        '一、被投诉方',
        '机构：某某资产管理公司',
        '人员：王先生',
        '号码/账号：10690000、13800000000',
        '',
        '二、违规情况（共 3 项）',
        '1. 2026-11-27 10:15  短信，对方联系我，来自 某某资产管理公司 10690000',
        '   问题：非官方渠道收款或额外收费。要求向非官方渠道付款',
        '   原话：“逾期了，加微信还款，',
        '   今天处理”',
        '   依据：《互联网金融逾期债务催收自律公约》〔行业自律规范〕',
        '   证据编号：ev-sms',
        '2. 2026-11-28 23:00  电话，对方联系我，来自 某某资产管理公司 王先生 13800000000',
        '   问题：禁止时段联系。在 22:00 至次日 08:00 之间联系',
        '   依据：GB/T 45251—2025〔推荐性国家标准〕',
        '   证据编号：暂无',
        '3. 2026-11-28 23:00  电话，对方联系我，来自 某某资产管理公司 王先生 13800000000',
        '   问题：冒用公检法或调解名义。自称法院或公安',
        '   原话：“我们是法院的，你的案子已立案”',
        '   依据：《刑法》第279条〔法律〕',
        '   证据编号：ev-rec',
        '',
        '三、请求',
        '请依法核查上述行为，责令其停止违规催收，并告知处理结果。',
        '',
        '四、说明',
        '以上记录由本人逐条记录并保存在“债务案卷”中；证据原件及其 SHA-256 校验值可随时提供。',
        '',
        '投诉人：__________    联系电话：__________',
        '',
      ].join('\n'),
    );
  });

  it('keeps only the items the channel handles', () => {
    expect(itemsForChannel(SUMMARY.items, police ?? null).map((i) => i.code)).toEqual(['impersonation']);
    const text = buildComplaintText({
      summary: SUMMARY,
      contacts: CONTACTS,
      channel: police ?? null,
      lang: 'zh',
      today: '2026-11-29',
      t: zh,
    });
    expect(text).toContain('致：公安报警电话（反诈咨询 96110）（110）');
    expect(text).toContain('二、违规情况（共 1 项）');
    expect(text).not.toContain('禁止时段联系');
    expect(text).not.toContain('10690000');
  });

  it('writes English with the English reasons and channel name', () => {
    const text = buildComplaintText({
      summary: SUMMARY,
      contacts: CONTACTS,
      channel: police ?? null,
      lang: 'en',
      today: '2026-11-29',
      t: en,
    });
    expect(text).toContain('To: Police (anti-fraud advice line 96110) (110)');
    expect(text).toContain('Problem: impersonating officials. Claimed to be a court or the police');
    expect(text).toContain('Basis: Criminal Law art. 279 [law]');
    expect(text).toContain('Their words: "我们是法院的，你的案子已立案"');
    expect(text).toContain('Evidence ids: ev-rec');
  });

  it('still reads sensibly when a contact is unknown and no channel is given', () => {
    const text = buildComplaintText({
      summary: { ...SUMMARY, channels: [] },
      contacts: [],
      channel: null,
      lang: 'zh',
      today: '2026-11-29',
      t: zh,
    });
    expect(text).not.toContain('致：');
    expect(text).toContain('对方身份不明');
    expect(text).toContain('1. 2026-11-27 10:15');
  });
});
