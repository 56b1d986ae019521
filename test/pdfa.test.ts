/**
 * PDF/A: Apache PDFBox Preflight validates the --pdfa 1b essay; for every level pikepdf (an
 * independent PDF reader, Debian python3-pikepdf) checks what the standard asks for: version,
 * XMP pdfaid and its agreement with the Info dictionary, the sRGB OutputIntent, embedded fonts
 * with ToUnicode (and CIDSet for part 1), no .notdef glyph drawn and a Unicode value for every
 * glyph drawn, the structure tree, and for part 3 the source attached as /Source. pdf.js reads
 * the XMP as well (proving it is well-formed XML, even with & and < in the title).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, wenshu } from './helpers/cli.js';
import { has, PREFLIGHT_CLASSPATH, PYTHON } from './helpers/programs.js';
import { essayPath, root } from './helpers/seed.js';

function preflight(pdf: string): { valid: boolean; output: string } {
  const r = spawnSync('java', ['-cp', PREFLIGHT_CLASSPATH.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', pdf], { encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout}${r.stderr}`;
  return { valid: r.status === 0 && /is a valid PDF\/A-1b file/.test(output), output };
}

const PIKEPDF_REPORT = String.raw`
import json, sys, re, pikepdf
pdf = pikepdf.open(sys.argv[1])
root = pdf.Root
info = pdf.docinfo
def s(v): return None if v is None else str(v)
with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as m:
    xmp = {k: (sorted(v) if isinstance(v, set) else v) for k, v in {
        'part': m.get('pdfaid:part'), 'conformance': m.get('pdfaid:conformance'),
        'title': m.get('dc:title'), 'creator': m.get('dc:creator'), 'description': m.get('dc:description'),
        'language': m.get('dc:language'), 'keywords': m.get('pdf:Keywords'), 'producer': m.get('pdf:Producer'),
        'creatorTool': m.get('xmp:CreatorTool'), 'createDate': m.get('xmp:CreateDate'), 'modifyDate': m.get('xmp:ModifyDate')}.items()}
metadata_filtered = '/Filter' in root.Metadata
intents = []
for oi in root.get('/OutputIntents', []):
    prof = oi.DestOutputProfile
    data = prof.read_bytes()
    intents.append({'S': str(oi.S), 'id': s(oi.get('/OutputConditionIdentifier')), 'N': int(prof.N),
                    'iccVersion': data[8], 'colorSpace': data[16:20].decode('latin1')})
fonts = {}
problems = []
def cmap_codes(cmap):
    text = cmap.read_bytes().decode('latin1')
    mapped = {}
    for block in re.findall(r'beginbfrange(.*?)endbfrange', text, re.S):
        for a, b, rest in re.findall(r'<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]*>)', block):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith('['):
                vals = re.findall(r'<([0-9a-fA-F]*)>', rest)
                for i, v in enumerate(vals): mapped[lo + i] = v
            else:
                for i in range(hi - lo + 1): mapped[lo + i] = rest[1:-1]
    for block in re.findall(r'beginbfchar(.*?)endbfchar', text, re.S):
        for a, v in re.findall(r'<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>', block): mapped[int(a, 16)] = v
    return mapped
used = {}
for pageno, page in enumerate(pdf.pages, 1):
    res = page.Resources.get('/Font', {})
    current = None
    for operands, op in pikepdf.parse_content_stream(page):
        o = str(op)
        if o == 'Tf': current = str(operands[0])
        elif o in ('TJ', 'Tj'):
            items = operands[0] if o == 'TJ' else [operands[0]]
            for it in items:
                if isinstance(it, pikepdf.String):
                    b = bytes(it)
                    for i in range(0, len(b), 2): used.setdefault((pageno, current), set()).add(b[i] << 8 | b[i + 1])
    for name, font in res.items():
        d = font.DescendantFonts[0]
        fd = d.FontDescriptor
        fonts[str(font.BaseFont)] = {'subtype': str(font.Subtype), 'descendant': str(d.Subtype),
            'embedded': ('/FontFile2' in fd) or ('/FontFile3' in fd) or ('/FontFile' in fd),
            'toUnicode': '/ToUnicode' in font, 'cidset': '/CIDSet' in fd}
        codes = cmap_codes(font.ToUnicode) if '/ToUnicode' in font else {}
        for code in sorted(used.get((pageno, name), set())):
            if code == 0: problems.append(f'page {pageno} {font.BaseFont}: .notdef drawn')
            v = codes.get(code)
            if not v or set(v) <= {'0'} or v.upper() in ('FFFD', 'FFFE', 'FFFF'): problems.append(f'page {pageno} {font.BaseFont}: glyph {code} has no Unicode value ({v})')
attachments = []
for name, spec in pdf.attachments.items():
    f = spec.get_file()
    attachments.append({'name': name, 'relationship': s(spec.obj.get('/AFRelationship')), 'mime': f.mime_type,
                        'uf': s(spec.obj.get('/UF')), 'modDate': s(f.obj.Params.get('/ModDate')), 'hex': f.read_bytes().hex()})
af = [s(x.get('/AFRelationship')) for x in root.get('/AF', [])]
print(json.dumps({'version': pdf.pdf_version, 'info': {k: str(v) for k, v in info.items()}, 'xmp': xmp,
    'metadataFiltered': metadata_filtered, 'intents': intents, 'fonts': fonts, 'problems': problems,
    'glyphsDrawn': sum(len(v) for v in used.values()),
    'attachments': attachments, 'af': af, 'structTree': '/StructTreeRoot' in root,
    'marked': bool(root.get('/MarkInfo', {}).get('/Marked', False)), 'lang': s(root.get('/Lang')),
    'id': bytes(pdf.trailer.ID[0]).hex()}, ensure_ascii=False))
`;

interface PikeReport {
  version: string;
  info: Record<string, string>;
  xmp: Record<string, unknown>;
  metadataFiltered: boolean;
  intents: Array<{ S: string; id: string; N: number; iccVersion: number; colorSpace: string }>;
  fonts: Record<string, { subtype: string; descendant: string; embedded: boolean; toUnicode: boolean; cidset: boolean }>;
  problems: string[];
  glyphsDrawn: number;
  attachments: Array<{ name: string; relationship: string; mime: string; uf: string; modDate: string; hex: string }>;
  af: string[];
  structTree: boolean;
  marked: boolean;
  lang: string;
  id: string;
}

const pike = (pdf: string): PikeReport => JSON.parse(execFileSync(PYTHON, ['-c', PIKEPDF_REPORT, pdf], { encoding: 'utf8', maxBuffer: 64 << 20 })) as PikeReport;

const levels = ['1b', '2b', '2u', '3b', '3u'] as const;
const dir = tempDir('wenshu-pdfa-');
const pdfFor = (level: string) => join(dir, level, 'essay.pdf');

beforeAll(() => {
  for (const level of levels) {
    const r = wenshu(['export', essayPath, '--to', 'pdf', '--pdfa', level, '--out', join(dir, level), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
});

/** The essay as PDF/A-1b with & < > and quotes in its title, author, subject and keywords (made once). */
let odd: string | undefined;
function oddMetadataPdf(): string {
  if (odd) return odd;
  const src = join(dir, 'odd', 'odd.md');
  mkdirSync(join(dir, 'odd'), { recursive: true });
  const essay = readFileSync(essayPath, 'utf8');
  writeFileSync(
    src,
    essay
      .replace(/^title: .*$/m, 'title: "工会 & 职工 <之家> \\"试\\" 稿"')
      .replace(/^byline: .*$/m, "author: 'A & B <c>'")
      .replace(/^subject: .*$/m, 'subject: 工会 & <工作>')
      .replace(/^keywords: .*$/m, 'keywords: [a&b, "<c>", 工会]'),
  );
  const r = wenshu(['export', src, '--to', 'pdf', '--pdfa', '1b', '--out', join(dir, 'odd'), '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return (odd = join(dir, 'odd', 'odd.pdf'));
}

describe('PDF/A-1b, checked by Apache PDFBox Preflight', () => {
  it.skipIf(!has('preflight'))('reports the --pdfa 1b essay as a valid PDF/A-1b file', () => {
    const { valid, output } = preflight(pdfFor('1b'));
    expect(output).toContain('is a valid PDF/A-1b file');
    expect(valid, output).toBe(true);
  });

  it.skipIf(!has('preflight'))('stays valid with & < > and quotes in the title, author, subject and keywords', () => {
    const { valid, output } = preflight(oddMetadataPdf());
    expect(valid, output).toBe(true);
  });

  it.skipIf(!has('pikepdf'))('writes & < > and quotes in the metadata as themselves (pikepdf)', () => {
    const report = pike(oddMetadataPdf());
    expect(report.xmp.title).toBe('工会 & 职工 <之家> "试" 稿');
    expect(report.info['/Title']).toBe('工会 & 职工 <之家> "试" 稿');
    expect(report.xmp.creator).toEqual(['A & B <c>']);
    expect(report.xmp.keywords).toBe(report.info['/Keywords']);
  });

  it.skipIf(!has('preflight'))('reports the 公文 notice (版头, seal, 版记; the seal a Figure among the paragraphs) as a valid PDF/A-1b file', () => {
    const out = join(dir, 'notice');
    const r = wenshu(['export', `${root}content/notice.md`, '--to', 'pdf', '--pdfa', '1b', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const { valid, output } = preflight(join(out, 'notice.pdf'));
    expect(valid, output).toBe(true);
  });

  it.skipIf(!has('preflight'))('a plain PDF is not PDF/A (the validator is not just saying yes)', () => {
    const out = join(dir, 'plain');
    expect(wenshu(['export', essayPath, '--to', 'pdf', '--out', out, '--quiet']).code).toBe(0);
    expect(preflight(join(out, 'essay.pdf')).valid).toBe(false);
  });
});

describe.skipIf(!has('pikepdf'))('every level, read with pikepdf', () => {
  const source = readFileSync(essayPath);
  it.each(levels)('PDF/A-%s: version, XMP matching Info, OutputIntent, fonts, Unicode, tags, attachment', (level) => {
    const part = Number(level[0]);
    const r = pike(pdfFor(level));
    expect(r.version).toBe(part === 1 ? '1.4' : '1.7');
    // XMP identification and its agreement with the Info dictionary.
    expect(r.xmp.part).toBe(String(part));
    expect(r.xmp.conformance).toBe(level[1]!.toUpperCase());
    expect(r.metadataFiltered).toBe(false);
    expect(r.xmp.title).toBe(r.info['/Title']);
    expect(r.xmp.title).toBe('强化意识 认真履职 全面提升工会工作层次与水平');
    expect(r.xmp.creator).toEqual([r.info['/Author']]);
    expect(r.xmp.description).toBe(r.info['/Subject']);
    expect(r.xmp.keywords).toBe(r.info['/Keywords']);
    expect(r.xmp.producer).toBe(r.info['/Producer']);
    expect(r.xmp.creatorTool).toBe(r.info['/Creator']);
    expect(r.xmp.language).toEqual(['zh-CN']);
    expect(r.info['/CreationDate']).toBe('D:20261123000000Z');
    expect(String(r.xmp.createDate)).toMatch(/^2026-11-23T00:00:00(Z|\+00:00)$/);
    expect(String(r.xmp.modifyDate)).toMatch(/^2026-11-23T00:00:00(Z|\+00:00)$/);
    // sRGB OutputIntent with an RGB ICC profile of version 2 (valid for every part).
    expect(r.intents).toEqual([{ S: '/GTS_PDFA1', id: 'sRGB IEC61966-2.1', N: 3, iccVersion: 2, colorSpace: 'RGB ' }]);
    // Fonts: all embedded Type0/CIDFontType2 subsets with ToUnicode; CIDSet where part 1 needs it.
    const fonts = Object.values(r.fonts);
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) {
      expect(f).toMatchObject({ subtype: '/Type0', embedded: true, toUnicode: true });
      if (part === 1) expect(f.cidset).toBe(true);
    }
    expect(Object.keys(r.fonts).every((n) => /^\/[A-Z]{6}\+/.test(n))).toBe(true);
    expect(r.glyphsDrawn).toBeGreaterThan(500);
    expect(r.problems).toEqual([]);
    // Tagged structure kept.
    expect(r.structTree).toBe(true);
    expect(r.marked).toBe(true);
    expect(r.lang).toBe('zh-CN');
    // PDF/A-3 carries its source; the others carry no attachment (PDF/A-1 forbids them).
    if (part === 3) {
      expect(r.af).toEqual(['/Source']);
      expect(r.attachments).toHaveLength(1);
      const a = r.attachments[0]!;
      expect(a).toMatchObject({ name: 'essay.md', uf: 'essay.md', relationship: '/Source', mime: 'text/markdown', modDate: 'D:20261123000000Z' });
      expect(Buffer.from(a.hex, 'hex').equals(source)).toBe(true);
    } else {
      expect(r.attachments).toEqual([]);
      expect(r.af).toEqual([]);
    }
  });
});

describe('pdf.js reads the archival files', () => {
  it('parses the XMP and lists the PDF/A-3 attachment', async () => {
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(pdfFor('3u'))), isEvalSupported: false, verbosity: 0 }).promise;
    const meta = await pdf.getMetadata();
    expect(meta.metadata?.get('dc:title')).toBe('强化意识 认真履职 全面提升工会工作层次与水平');
    expect(meta.metadata?.get('pdfaid:part')).toBe('3');
    const attachments = (await pdf.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    const [only] = Object.values(attachments);
    expect(only?.filename).toBe('essay.md');
    expect(Buffer.from(only!.content).equals(readFileSync(essayPath))).toBe(true);
    await pdf.destroy();
  });
});

describe('wenshu extract-source', () => {
  it('gets the source back out of a PDF/A-3 file, byte for byte', () => {
    for (const level of ['3b', '3u']) {
      const out = join(dir, `extracted-${level}.md`);
      const r = wenshu(['extract-source', pdfFor(level), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(out).equals(readFileSync(essayPath))).toBe(true);
    }
  });

  it('writes under the stored name by default, and will not replace a file unless told', () => {
    const cwd = tempDir('wenshu-extract-');
    expect(wenshu(['extract-source', pdfFor('3u')], { cwd }).code).toBe(0);
    expect(readFileSync(join(cwd, 'essay.md')).equals(readFileSync(essayPath))).toBe(true);
    const again = wenshu(['extract-source', pdfFor('3u')], { cwd });
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/essay\.md: exists; give --force/);
    expect(wenshu(['extract-source', pdfFor('3u'), '--force'], { cwd }).code).toBe(0);
  });

  it('says so when a PDF carries no source, or is not a PDF', () => {
    const none = wenshu(['extract-source', pdfFor('1b'), '--out', join(dir, 'none.md')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/carries no source: export it with --pdfa 3b or 3u/);
    const notPdf = wenshu(['extract-source', essayPath, '--out', join(dir, 'none.md')]);
    expect(notPdf.code).toBe(1);
    expect(notPdf.stderr).toMatch(/is not a PDF file/);
    expect(existsSync(join(dir, 'none.md'))).toBe(false);
  });

  it('notices a damaged attachment (size and MD5 are checked)', () => {
    const bytes = Buffer.from(readFileSync(pdfFor('3u')));
    // The stored MD5 is 32 hex digits in the embedded file's /Params: change one digit.
    const text = bytes.toString('latin1');
    const at = text.indexOf('/CheckSum (') + '/CheckSum ('.length;
    bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
    const damaged = join(dir, 'damaged.pdf');
    writeFileSync(damaged, bytes);
    const r = wenshu(['extract-source', damaged, '--out', join(dir, 'damaged.md')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MD5 checksum does not match/);
  });
});

describe('--pdfa on the command line and in front matter', () => {
  it('refuses an unknown level as a usage error', () => {
    const r = wenshu(['export', essayPath, '--to', 'pdf', '--pdfa', '4z', '--out', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1b, 2b, 2u, 3b, 3u/);
  });

  it.skipIf(!has('pikepdf'))('takes pdfa: from the front matter, and --pdfa wins over it', () => {
    const sub = join(dir, 'fm');
    mkdirSync(sub, { recursive: true });
    const src = join(sub, 'fm.md');
    writeFileSync(src, readFileSync(essayPath, 'utf8').replace(/^lang: .*$/m, '$&\npdfa: 2u'));
    expect(wenshu(['export', src, '--to', 'pdf', '--out', sub, '--quiet']).code).toBe(0);
    expect(pike(join(sub, 'fm.pdf')).xmp).toMatchObject({ part: '2', conformance: 'U' });
    expect(wenshu(['export', src, '--to', 'pdf', '--pdfa', '3b', '--out', sub, '--quiet']).code).toBe(0);
    expect(pike(join(sub, 'fm.pdf')).xmp).toMatchObject({ part: '3', conformance: 'B' });
  });
});
