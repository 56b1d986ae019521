/**
 * Reading our DOCX files back the way other programs do: the zip parts, the body text of
 * document.xml, python-docx (Debian python3-docx, through /usr/bin/python3 so the system's module
 * is found), and LibreOffice converting to PDF on a fontconfig that lists no CJK font, so that the
 * PDF can only show Chinese through the fonts embedded in the DOCX.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PYTHON } from './programs.js';


export function unzipDocx(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export const partText = (parts: Record<string, Uint8Array>, name: string): string => {
  const part = parts[name];
  if (!part) throw new Error(`no part ${name}`);
  return new TextDecoder().decode(part);
};

/**
 * The tag every embedded family's name carries in this package (`Noto Serif SC QWERTY`: the face's
 * family and six capitals of the export's characters, see src/prepare/font-plan.ts); an error
 * unless every family has it.
 */
export function subsetTag(parts: Record<string, Uint8Array>): string {
  const names = [...partText(parts, 'word/fontTable.xml').matchAll(/<w:font w:name="([^"]+)"/g)].map((m) => m[1]!);
  const tags = new Set(names.map((n) => / ([A-Z]{6})$/.exec(n)?.[1]));
  const [tag] = [...tags];
  if (tags.size !== 1 || tag === undefined) throw new Error(`embedded families without one export tag: ${names.join(', ')}`);
  return tag;
}

const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&' : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );

/** Paragraph texts of a WordprocessingML part: w:t text, w:tab as a tab, w:br as a line break. Field codes are left out. */
export function paragraphTexts(xml: string): string[] {
  const paras = xml.match(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g) ?? [];
  return paras.map((p) => {
    let out = '';
    for (const m of p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)) out += m[1] !== undefined ? unescape(m[1]) : m[0] === '<w:tab/>' ? '\t' : '\n';
    return out;
  });
}

/** Style id of each paragraph of document.xml, in order. */
export const paragraphStyleIds = (xml: string): string[] =>
  (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) => /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '');

/** The XML of one style in styles.xml, by id. */
export function styleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
}

export const attr = (xml: string, element: string, name: string): string | undefined =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];

/** ECMA-376 §17.8.1, undone: the same XOR with the key read from the GUID backwards. Written here independently of the exporter. */
export function deobfuscate(data: Uint8Array, guid: string): Uint8Array {
  const hex = guid.replace(/[{}-]/g, '');
  const key: number[] = [];
  for (let i = 15; i >= 0; i--) key.push(parseInt(hex.substr(i * 2, 2), 16));
  const out = new Uint8Array(data);
  for (let i = 0; i < 32; i++) out[i]! ^= key[i % 16]!;
  return out;
}

// ------------------------------------------------------------------------ python-docx

export interface PythonDocxReport {
  /** Parts that failed to parse as XML (expat), with the error. */
  malformed: string[];
  parts: string[];
  paragraphs: Array<{ style: string; text: string }>;
  core: { title: string; author: string; subject: string; keywords: string; language: string; created: string | null };
  section: { page_width: number; page_height: number; top: number; bottom: number; left: number; right: number };
}

const PY_SCRIPT = String.raw`
import json, sys, zipfile, xml.dom.minidom
import docx
path = sys.argv[1]
malformed, parts = [], []
with zipfile.ZipFile(path) as z:
    for name in z.namelist():
        parts.append(name)
        if name.endswith('.xml') or name.endswith('.rels'):
            try: xml.dom.minidom.parseString(z.read(name))
            except Exception as e: malformed.append(name + ': ' + str(e))
d = docx.Document(path)
cp = d.core_properties
s = d.sections[0]
print(json.dumps({
  'malformed': malformed, 'parts': parts,
  'paragraphs': [{'style': p.style.name if p.style is not None else '', 'text': p.text} for p in d.paragraphs],
  'core': {'title': cp.title, 'author': cp.author, 'subject': cp.subject, 'keywords': cp.keywords,
           'language': cp.language, 'created': cp.created.isoformat() if cp.created else None},
  'section': {'page_width': s.page_width, 'page_height': s.page_height, 'top': s.top_margin,
              'bottom': s.bottom_margin, 'left': s.left_margin, 'right': s.right_margin},
}, ensure_ascii=False))
`;

export function readWithPythonDocx(path: string): PythonDocxReport {
  return JSON.parse(execFileSync(PYTHON, ['-c', PY_SCRIPT, path], { encoding: 'utf8' })) as PythonDocxReport;
}

// ------------------------------------------------------------------------ LibreOffice

export const SOFFICE = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));

/**
 * Converts a DOCX to PDF with LibreOffice, in a private profile and HOME (so parallel runs do not
 * share a lock) and with a fontconfig that knows only DejaVu: no CJK font is installed as far as
 * LibreOffice can tell.
 */
export function libreOfficeToPdf(docxPath: string): Uint8Array {
  return libreOfficeToPdfs([docxPath])[0]!;
}

/**
 * Converts several DOCX files in one LibreOffice process, one after another, as a user opens
 * them in one session (each file's PDF is named after it, so the names must differ).
 */
export function libreOfficeToPdfs(docxPaths: readonly string[]): Uint8Array[] {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'wenshu-lo-'));
  const conf = writeFontconfig(dir);
  mkdirSync(join(dir, 'home'));
  const out = join(dir, 'out');
  const r = spawnSync(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...docxPaths], {
    env: { ...process.env, FONTCONFIG_FILE: conf, HOME: join(dir, 'home') },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return docxPaths.map((docxPath) => {
    const pdf = join(out, basename(docxPath).replace(/\.docx$/i, '.pdf'));
    if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${docxPath}: ${r.stderr || r.stdout}`);
    return readFileSync(pdf);
  });
}

/**
 * A DOCX written by LibreOffice from an HTML page or a (flat) ODT, a foreign DOCX for the
 * importers: `in.html` beside it becomes `in.docx`, with LibreOffice's profile and home inside
 * the input's folder.
 */
export function libreOfficeToDocx(inputPath: string): string {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) is not installed');
  const dir = dirname(inputPath);
  mkdirSync(join(dir, 'home'), { recursive: true });
  const r = spawnSync(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, inputPath], {
    env: { ...process.env, HOME: join(dir, 'home') },
    encoding: 'utf8',
    timeout: 180_000,
  });
  const docx = join(dir, basename(inputPath).replace(/\.[a-z]+$/i, '.docx'));
  if (!existsSync(docx)) throw new Error(`LibreOffice did not convert ${inputPath}: ${r.stderr || r.stdout}`);
  return docx;
}

/** A fontconfig file that lists DejaVu only, with a private cache. */
export function writeFontconfig(dir: string): string {
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>${join(dir, 'fc-cache')}</cachedir>\n</fontconfig>\n`,
  );
  return conf;
}

/** Families that can set Chinese under a fontconfig file (to prove that there are none). */
export function chineseFamilies(conf: string): string {
  return execFileSync('fc-list', [':lang=zh', 'family'], { env: { ...process.env, FONTCONFIG_FILE: conf }, encoding: 'utf8' }).trim();
}

export interface PdfFontRow {
  name: string;
  type: string;
  emb: boolean;
  sub: boolean;
  uni: boolean;
}

export function pdfFonts(pdfPath: string): PdfFontRow[] {
  const lines = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type… encoding emb sub uni objnum gen: read the flags from the end.
    const [emb, sub, uni] = cols.slice(-5, -2);
    return { name: cols[0]!, type: cols.slice(1, -6).join(' '), emb: emb === 'yes', sub: sub === 'yes', uni: uni === 'yes' };
  });
}

// ------------------------------------------------------------------------ PDF glyph positions

export interface PdfLine {
  page: number;
  /** Left of the first glyph, in points from the page's left edge. */
  x: number;
  /** Right end of the last glyph. */
  right: number;
  /** Baseline, in points from the top of the page. */
  y: number;
  text: string;
  /** PostScript name of the first item's font, subset prefix removed (NotoSansSC-Regular). */
  font: string;
  /** Every font name on the line. */
  fonts: string[];
  size: number;
}

/**
 * Lines of a PDF as pdf.js reads them: text items grouped by baseline, with the position of the
 * line's first glyph (from the item transforms) and the real font name (from the loaded font
 * objects, which getTextContent alone does not give).
 */
export async function pdfLines(bytes: Uint8Array): Promise<{ lines: PdfLine[]; width: number; height: number }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const lines: PdfLine[] = [];
  let width = 0;
  let height = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    [, , width, height] = page.view as [number, number, number, number];
    await page.getOperatorList(); // loads the fonts into commonObjs
    const content = await page.getTextContent();
    const fontName = (id: string): string => {
      try {
        const f = page.commonObjs.get(id) as { name?: string } | undefined;
        // Without the PDF's subset prefix (ABCDEF+) and the tag of the DOCX's subsets (-QWERTY,
        // which LibreOffice keeps in the names it writes): the face's own PostScript name.
        return (f?.name ?? id).replace(/^[A-Z]{6}\+/, '').replace(/-[A-Z]{6}$/, '');
      } catch {
        return id;
      }
    };
    const byY = new Map<number, PdfLine>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const [a, , , d, e, f] = item.transform as number[];
      const y = Math.round((height - f!) * 10) / 10;
      const key = [...byY.keys()].find((k) => Math.abs(k - y) < 1.5) ?? y;
      const font = fontName(item.fontName);
      const line = byY.get(key);
      const right = e! + item.width;
      if (!line) byY.set(key, { page: n, x: e!, right, y, text: item.str, font, fonts: [font], size: Math.abs(d! || a!) });
      else {
        if (e! < line.x) {
          line.x = e!;
          line.font = font;
          line.text = item.str + line.text;
        } else line.text += item.str;
        line.right = Math.max(line.right, right);
        if (!line.fonts.includes(font)) line.fonts.push(font);
      }
    }
    lines.push(...[...byY.values()].sort((p, q) => p.y - q.y));
  }
  return { lines, width, height };
}
