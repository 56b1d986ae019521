/**
 * The text of 公文 elements as every format writes it (GB/T 9704-2012): the 主送机关 ending with a
 * full-width colon, an attachment's name without final punctuation, the 附注 in parentheses, the
 * 抄送机关 ending with a full stop, and the 版头's lines in reading order.
 */
import type { Official } from './index.js';

export const officialText = {
  /** 7.3.2: 主送机关 end with a full-width colon. */
  addressee: (to: string): string => to.trim().replace(/[:：]?$/u, '：'),
  /** 7.3.4: no punctuation after an attachment's name. */
  attachmentName: (title: string): string => title.trim().replace(/[。，、；：.,;:]+$/u, ''),
  /** 7.3.6: 附注 in full-width parentheses (once). */
  bracketed: (text: string): string => (/^[（(].*[）)]$/u.test(text.trim()) ? text.trim() : `（${text.trim()}）`),
  /** 7.4.2: 抄送机关 end with a full stop. */
  endWithStop: (text: string): string => text.trim().replace(/[。.，,；;]?$/u, '。'),
};

/** The word set to the right of joint issuers' names, by format (7.2.4, 10.2, 10.3). */
export const FORMAT_WORD = { 文件: '文件', 信函: '', 命令: '命令', 纪要: '纪要' } as const;

/**
 * The 发文机关标志's names as printed: a 信函 shows only the 主办机关's (10.1: 联合行文时，使用主办机关
 * 标志); the other formats every issuer (7.2.4).
 */
export function markIssuers(o: Official): string[] {
  const issuers = o.issuer ?? [];
  return o.format === '信函' ? issuers.slice(0, 1) : issuers;
}

/**
 * 10.3 纪要: the 出席, 请假 and 列席 lists in that order, each a label (3号黑体 in print) and the
 * names after it, separated by 、 (`people`: the names one by one).
 */
export function attendanceLines(o: Official): Array<{ label: string; names: string; people: string[] }> {
  const lists: Array<[string, string[] | undefined]> = [['出席：', o.attendees], ['请假：', o.absent], ['列席：', o.observers]];
  return lists.filter(([, names]) => names && names.length > 0).map(([label, names]) => ({ label, names: names!.join(NAME_SEPARATOR), people: names! }));
}

/** Between two names of a 纪要's list. */
export const NAME_SEPARATOR = '、';

/** The 版头 as lines of text, in reading order: 份号, 密级, 紧急程度, 标志, 签发人, 发文字号. */
export function officialHead(o: Official): string[] {
  const issuers = markIssuers(o);
  const mark = issuers.length > 1 ? [`${issuers.join('　')}　${FORMAT_WORD[o.format]}`.trim()] : issuers;
  return [
    ...(o.copy ? [o.copy] : []),
    ...(o.secrecy ? [o.secrecy] : []),
    ...(o.urgency ? [o.urgency] : []),
    ...(o.preprinted ? [] : mark),
    ...(o.signer?.length ? [`签发人：${o.signer.join('　')}`] : []),
    ...(o.number ? [o.number] : []),
  ];
}
