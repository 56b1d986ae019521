/**
 * DOCX → a draft of the model, through mammoth (Word's paragraphs, styles, numbered lists, tables,
 * bold and italic, footnotes, images) and then the HTML reader: DOCX → mammoth → HTML → model.
 *
 * mammoth is given a style map: Word's Title style is the title, Heading 1–6 (and 标题 1–6, and any
 * style with an outline level) are headings, Quote is a quotation, Strong and Emphasis are marks;
 * wenshu's own Byline, Date and Separator styles and its typed list markers come back as the byline,
 * the date and thematic breaks and lists. Images (PNG and JPEG, the ones the model holds) are handed
 * to the caller to be written next to the source.
 *
 * What mammoth leaves out without a word is looked for here, so that it is reported: embedded
 * objects (OLE), charts, SmartArt, equations, comments, the text of headers and footers, tracked
 * deletions; and an image the file only links to (LibreOffice leaves a picture it took from an HTML
 * page so), which mammoth cannot read. The package is checked first with our own zip reader, so that
 * an encrypted or damaged file gets a clear message rather than a zip library's. A text box that
 * mammoth would pass over (below) is handed to it in the form it reads.
 */
import mammoth from 'mammoth';
import { inputError } from '../errors.js';
import { unzip, zip } from '../io/zip.js';
import { readHtml, type Dropped } from './html.js';
import type { Draft } from './structure.js';
import type { Block } from '../model/index.js';

export interface DocxImage {
  /** File name (the caller chose it through `imageName`). */
  name: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface DocxResult {
  draft: Draft;
  images: DocxImage[];
  dropped: Dropped[];
  /** The program that wrote the file (docProps/app.xml). */
  application?: string;
}

/** Largest total of the package's unpacked parts: a zip bomb is refused before anything is unpacked. */
export const MAX_UNPACKED = 512 * 1024 * 1024;

const STYLE_MAP = [
  "p[style-name='Title'] => h1.title:fresh",
  "p[style-name='标题'] => h1.title:fresh",
  "p[style-name='Subtitle'] => p.subtitle:fresh",
  "p[style-name='副标题'] => p.subtitle:fresh",
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Block Text'] => blockquote > p:fresh",
  "p[style-name='Byline'] => p.byline:fresh",
  "p[style-name='Date'] => p.date:fresh",
  "p[style-name='Separator'] => p.separator:fresh",
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `p[style-name='wenshu-list-${n}'] => p.wenshu-list-${n}:fresh`),
  "p[style-name='wenshu-align-center'] => p.wenshu-align-center:fresh",
  "p[style-name='wenshu-align-right'] => p.wenshu-align-right:fresh",
  "r[style-name='Emphasis'] => em",
  "r[style-name='Strong'] => strong",
];

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads a DOCX. `imageName(n, extension)` names the n-th kept image (1-based); images of other
 * types are reported as dropped.
 */
export async function readDocx(bytes: Uint8Array, file: string, imageName: (n: number, extension: string) => string): Promise<DocxResult> {
  if (CFB.every((b, i) => bytes[i] === b)) {
    throw inputError({
      file,
      message: 'an encrypted (password-protected) DOCX or an old Word 97–2003 .doc: neither can be read. Remove the password, or save it as .docx, in Word or WPS',
      code: 'docx',
    });
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw inputError({ file, message: 'not a DOCX file: a DOCX is a zip package, and this is not one', code: 'docx' });
  const declared = declaredSize(bytes);
  if (declared > MAX_UNPACKED) {
    throw inputError({ file, message: `unpacks to ${Math.round(declared / 1024 / 1024)} MB, more than the ${MAX_UNPACKED / 1024 / 1024} MB a document may: not imported`, code: 'docx' });
  }
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzip(bytes);
  } catch (error) {
    throw inputError({ file, message: `a damaged DOCX: ${(error as Error).message}`, code: 'docx' }, error);
  }
  const xml = (name: string): string | undefined => (parts[name] ? Buffer.from(parts[name]!).toString('utf8') : undefined);
  const main = mainPart(xml('_rels/.rels')) ?? 'word/document.xml';
  const documentXml = xml(main);
  if (documentXml === undefined) throw inputError({ file, message: `not a Word document: the package has no ${main}`, code: 'docx' });

  const dropped = scanDropped(documentXml, parts, xml);
  const props = coreProperties(xml('docProps/core.xml'));
  const application = /<Application>([^<]*)<\/Application>/.exec(xml('docProps/app.xml') ?? '')?.[1];

  const linked = linkedImages(xml(main.replace(/[^/]*$/, '_rels/$&.rels')));
  const input = readableTextBoxes(documentXml, main, parts) ?? bytes;
  const images: DocxImage[] = [];
  const seen = new Map<string, string>();
  let unit = 0;
  let result: { value: string; messages: Array<{ type: string; message: string }> };
  const styleMap = [...STYLE_MAP, ...outlineStyles(xml('word/styles.xml'))];
  // The paragraph styles the map gives a meaning: their paragraphs keep their style name.
  const mapped = new Set(styleMap.map((rule) => /^p\[style-name='([^']*)'\]/.exec(rule)?.[1]?.toLowerCase()).filter((n) => n !== undefined));
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(input.buffer, input.byteOffset, input.byteLength) },
      {
        styleMap,
        includeDefaultStyleMap: true,
        ignoreEmptyParagraphs: true,
        externalFileAccess: false,
        transformDocument: transforms.paragraph((p: MammothParagraph) => {
          // wenshu's lists: List Paragraph without Word numbering, its marker typed; depth by indentation.
          if ((p.styleName === 'List Paragraph' || p.styleId === 'ListParagraph') && !p.numbering) {
            const hanging = Number(p.indent.hanging ?? 0);
            if (hanging > 0) unit = hanging;
            const start = Number(p.indent.start ?? 0);
            const depth = start > 0 && unit > 0 ? Math.max(1, Math.min(9, Math.round(start / unit))) : 1;
            return { ...p, styleName: `wenshu-list-${depth}` };
          }
          // A centred or right-aligned paragraph whose style means nothing to the map (none,
          // wenshu's table styles, pandoc's Compact): a class, so that a table cell's alignment
          // reaches the HTML reader.
          const named = p.styleName?.toLowerCase();
          if ((p.alignment === 'center' || p.alignment === 'right') && (!named || (!mapped.has(named) && !/^(?:heading|title|subtitle|quote|list)/.test(named)))) {
            return { ...p, styleName: `wenshu-align-${p.alignment}` };
          }
          return p;
        }),
        convertImage: mammoth.images.imgElement(async (image) => {
          const type = image.contentType.toLowerCase();
          const extension = type === 'image/png' ? 'png' : type === 'image/jpeg' || type === 'image/jpg' ? 'jpg' : undefined;
          if (!extension) return { src: `wenshu-dropped:${type.replace(/^image\//, '').replace(/^x-/, '').toUpperCase()} images are not supported (PNG and JPEG are)` };
          let data: Uint8Array;
          try {
            data = new Uint8Array(await image.readAsBuffer());
          } catch {
            // Linked, not embedded: the package holds the picture's address, never its bytes (mammoth
            // reads no file outside it, and an import must not go looking for one).
            return { src: `wenshu-dropped:linked to ${linked.length > 0 ? linked.join(', ') : 'a file outside the DOCX'}, not embedded in it: insert the picture into the document (not as a link) to keep it` };
          }
          const key = `${data.length}:${Buffer.from(data.subarray(0, 64)).toString('base64')}:${Buffer.from(data.subarray(-64)).toString('base64')}`;
          const known = seen.get(key);
          if (known) return { src: known };
          const name = imageName(images.length + 1, extension);
          images.push({ name, bytes: data, contentType: type });
          seen.set(key, name);
          return { src: name };
        }),
      },
    );
  } catch (error) {
    throw inputError({ file, message: `a damaged DOCX: ${(error as Error).message.split('\n')[0]}`, code: 'docx' }, error);
  }
  for (const m of result.messages) {
    const element = /An unrecognised element was ignored: (\S+)/.exec(m.message)?.[1];
    // Equations, OLE objects, charts and SmartArt are reported above, by what they are.
    if (element && !/^(?:m|o|c|dgm):|\}(?:OLEObject|oMath|oMathPara|chart|relIds)$/.test(element)) dropped.push({ what: 'an element Word uses that is not read', detail: element });
  }

  const { draft, dropped: htmlDropped } = readHtml(result.value, {
    fromDocx: true,
    image: (src) => (src.startsWith('wenshu-dropped:') ? { dropped: src.slice('wenshu-dropped:'.length) } : { src }),
  });
  for (const item of htmlDropped) dropped.push(item);
  applyListStarts(draft.blocks, listStarts(documentXml, xml('word/numbering.xml')));
  draft.properties = { ...draft.properties, ...props.forDraft(application) };
  return { draft, images, dropped: dedupe(dropped), ...(application ? { application } : {}) };
}

/** mammoth's document transforms (in its API, not in its type declarations). */
const transforms = (mammoth as unknown as { transforms: { paragraph: (f: (p: MammothParagraph) => MammothParagraph) => (element: unknown) => unknown } }).transforms;

interface MammothParagraph {
  styleId: string | null;
  styleName: string | null;
  numbering: unknown;
  indent: { start: string | null; end: string | null; firstLine: string | null; hanging: string | null };
  /** The paragraph's own w:jc. */
  alignment?: string | null;
}

/** The targets of the images the document links to rather than holds (TargetMode="External"). */
function linkedImages(rels: string | undefined): string[] {
  const out: string[] = [];
  for (const m of (rels ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    if (!/TargetMode="External"/.test(m[0]) || !/Type="[^"]*\/image"/.test(m[0])) continue;
    const target = /Target="([^"]*)"/.exec(m[0])?.[1];
    if (target) out.push(unescapeXml(target));
  }
  return out;
}

/**
 * A text box drawn as a DrawingML shape (wps:txbx) without the VML fallback Word adds: mammoth reads
 * text boxes only through that fallback, so their text would be lost without a word. wenshu's
 * 信函 sets its 发文机关标志 so (anchored above the type area, where no paragraph can go). Each such
 * drawing is given to mammoth as the VML text box it reads (its paragraphs then follow the
 * paragraph that anchors it), in a copy of the package; undefined when there is none.
 */
function readableTextBoxes(documentXml: string, main: string, parts: Record<string, Uint8Array>): Uint8Array | undefined {
  if (!documentXml.includes('<wps:txbx')) return undefined;
  const rewritten = documentXml.replace(
    /<w:drawing>(?:(?!<\/w:drawing>)[\s\S])*?<wps:txbx>([\s\S]*?)<\/wps:txbx>[\s\S]*?<\/w:drawing>/g,
    (_, box: string) => `<w:pict xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox>${box}</v:textbox></v:shape></w:pict>`,
  );
  const entries = Object.entries(parts).map(([name, data]) => ({ name, data: name === main ? new TextEncoder().encode(rewritten) : data }));
  return zip(entries, { date: new Date(Date.UTC(1980, 0, 1)) });
}

/** The main document part named by the package relationships. */
function mainPart(rels: string | undefined): string | undefined {
  const m = rels && /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels);
  const target = m && /Target="([^"]+)"/.exec(m[0])?.[1];
  return target ? target.replace(/^\//, '') : undefined;
}

/** The unpacked size the zip's central directory declares, summed (0 when it cannot be read: unzip reports that). */
function declaredSize(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) !== 0x06054b50) continue;
    const count = buf.readUInt16LE(i + 10);
    let p = buf.readUInt32LE(i + 16);
    let total = 0;
    for (let n = 0; n < count && p + 46 <= buf.length && buf.readUInt32LE(p) === 0x02014b50; n++) {
      total += buf.readUInt32LE(p + 24);
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    }
    return total;
  }
  return 0;
}

/** Paragraph styles with an outline level (custom heading styles) → heading rules for mammoth. */
function outlineStyles(styles: string | undefined): string[] {
  if (!styles) return [];
  const out: string[] = [];
  for (const m of styles.matchAll(/<w:style\b[^>]*w:type="paragraph"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const name = /<w:name w:val="([^"]+)"/.exec(m[1]!)?.[1];
    const level = /<w:outlineLvl w:val="(\d)"/.exec(m[1]!)?.[1];
    if (!name || level === undefined || Number(level) > 5 || /^(?:heading \d|Heading \d|Title|标题(?: \d)?)$/.test(name) || /'/.test(name)) continue;
    out.push(`p[style-name='${name}'] => h${Number(level) + 1}:fresh`);
  }
  return out;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/**
 * Document properties (docProps/core.xml): title, subject, keywords, author. The creation date is
 * the document's date only in a file wenshu wrote (it stamps `date:` there, and 1980-01-01 when a
 * source has none); other programs stamp the moment the file was made, which is no document date.
 */
function coreProperties(core: string | undefined) {
  const get = (tag: string): string | undefined => {
    const m = core && new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(core);
    const v = m ? unescapeXml(m[1]!).trim() : '';
    return v === '' ? undefined : v;
  };
  const title = get('dc:title');
  const subject = get('dc:subject');
  const creator = get('dc:creator');
  const keywords = get('cp:keywords')?.split(/[;,，、；]/u).map((k) => k.trim()).filter(Boolean);
  const language = get('dc:language');
  const created = get('dcterms:created');
  return {
    forDraft(application: string | undefined): Draft['properties'] {
      const wenshu = application === 'wenshu';
      const date = wenshu && created && /^\d{4}-\d{2}-\d{2}T00:00:00Z$/.test(created) && !created.startsWith('1980-01-01') ? created.slice(0, 10) : undefined;
      return {
        ...(title ? { title } : {}),
        ...(subject ? { subject } : {}),
        ...(creator ? { author: creator } : {}),
        ...(keywords?.length ? { keywords } : {}),
        ...(language && /^zh\b/i.test(language) ? { lang: language } : {}),
        ...(date ? { date } : {}),
      };
    },
  };
}

/** What the document holds that mammoth passes over without a message. */
function scanDropped(documentXml: string, parts: Record<string, Uint8Array>, xml: (name: string) => string | undefined): Dropped[] {
  const out: Dropped[] = [];
  const count = (re: RegExp): number => documentXml.match(re)?.length ?? 0;
  const report = (n: number, what: string, detail: string) => n > 0 && out.push({ what: n === 1 ? what : `${n} × ${what}`, detail });
  report(count(/<w:object\b/g), 'an embedded object (OLE: a spreadsheet, a drawing…)', 'the model cannot hold it; its preview image is dropped too unless it is PNG or JPEG');
  report(count(/<c:chart\b/g), 'a chart', 'the model cannot hold charts: paste it as a picture (PNG) to keep it');
  report(count(/<dgm:relIds\b/g), 'a SmartArt diagram', 'the model cannot hold it: paste it as a picture (PNG) to keep it');
  report(count(/<m:oMath(?=[\s>])/g), 'an equation', 'the model cannot hold equations');
  report(count(/<w:del\b/g), 'a tracked deletion', 'tracked changes are taken as accepted: deleted text is left out, inserted text kept');
  const comments = xml('word/comments.xml');
  report(comments?.match(/<w:comment\b/g)?.length ?? 0, 'a comment', 'comments are not part of the text');
  for (const name of Object.keys(parts).filter((n) => /^word\/(?:header|footer)\d*\.xml$/.test(n)).sort()) {
    const text = [...(xml(name) ?? '').matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join('').trim();
    // Page numbers are fields; what is left is text someone typed into the header or footer.
    if (text !== '' && !/^[\d\s—–-]*$/.test(text)) out.push({ what: name.includes('header') ? 'header text' : 'footer text', detail: `«${text.slice(0, 40)}»: headers and footers are not part of the model` });
  }
  return out;
}

function dedupe(list: Dropped[]): Dropped[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.what}\u0000${d.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The first number of each list of the document, in the order the lists begin: mammoth gives an
 * ordered list without its start, which Word keeps in numbering.xml (a w:num's startOverride, else
 * its abstract definition's w:start for the level). Every w:numId is one list (wenshu writes one per
 * list; Word and LibreOffice one per numbered sequence), met first at its first non-empty item.
 */
function listStarts(documentXml: string, numberingXml: string | undefined): number[] {
  if (!numberingXml) return [];
  const abstractStart = new Map<string, Map<string, number>>();
  for (const m of numberingXml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<string, number>();
    for (const l of m[2]!.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) levels.set(l[1]!, Number(/<w:start w:val="(\d+)"/.exec(l[2]!)?.[1] ?? 1));
    abstractStart.set(m[1]!, levels);
  }
  const nums = new Map<string, { abstract: string; overrides: Map<string, number> }>();
  for (const m of numberingXml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const overrides = new Map<string, number>();
    for (const o of m[2]!.matchAll(/<w:lvlOverride\b[^>]*w:ilvl="(\d+)"[^>]*>[\s\S]*?<w:startOverride w:val="(\d+)"/g)) overrides.set(o[1]!, Number(o[2]));
    nums.set(m[1]!, { abstract: /<w:abstractNumId w:val="(\d+)"/.exec(m[2]!)?.[1] ?? '', overrides });
  }
  const starts: number[] = [];
  const seen = new Set<string>();
  for (const p of documentXml.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)) {
    const numPr = /<w:numPr>[\s\S]*?<\/w:numPr>/.exec(p[0])?.[0];
    if (!numPr || !/<w:t\b[^>]*>[^<]/.test(p[0])) continue;
    const numId = /<w:numId w:val="(\d+)"/.exec(numPr)?.[1];
    const ilvl = /<w:ilvl w:val="(\d+)"/.exec(numPr)?.[1] ?? '0';
    if (!numId || numId === '0' || seen.has(numId)) continue;
    seen.add(numId);
    const num = nums.get(numId);
    starts.push(num?.overrides.get(ilvl) ?? abstractStart.get(num?.abstract ?? '')?.get(ilvl) ?? 1);
  }
  return starts;
}

/** Gives the lists of `blocks`, in the order they begin, the first numbers found in numbering.xml. */
function applyListStarts(blocks: readonly Block[], starts: readonly number[]): void {
  let k = 0;
  const walk = (list: readonly Block[]): void => {
    for (const b of list) {
      if (b.type === 'list') {
        const start = starts[k++];
        if (b.ordered && start !== undefined) b.start = start;
        for (const item of b.items) walk(item.children);
      } else if (b.type === 'blockquote') walk(b.children);
    }
  };
  walk(blocks);
}
