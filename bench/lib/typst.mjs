/**
 * An equivalent Typst source for a wenshu document, so that the benchmark can compare against
 * Typst on the same content, page geometry, sizes and font files. It is written from the parsed
 * model and the style preset (the same data the PDF exporter reads), not from the Markdown, so
 * both tools set exactly the same text:
 * - page size and margins, body size, baseline-to-baseline distance (text edges set to a 1 em
 *   box so that `leading` is line height − size), first-line indent, justification;
 * - title, headings, quotes (kai), list items, byline (kai, right) and the centred page number;
 * - fonts by family, and Typst is given only the bundled font files (`fontFiles`) that the
 *   manifest resolves, so it cannot pick a system font.
 * It is a fair stand-in for "the same document typeset by Typst", not a pixel-identical copy.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const load = (p) => import(join(dist, p));

/** Typst string literal for arbitrary text (the safest way to put text in markup). */
export const str = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const pt = (n) => `${Math.round(n * 1000) / 1000}pt`;

/** The manifest's bundled faces: Typst family name and absolute file, per role and weight. */
export async function bundledFaces() {
  const { loadManifest, resolveFontFile } = await load('fonts/manifest.js');
  return loadManifest().faces.map((e) => ({ id: e.id, role: e.role, bold: e.bold, family: e.family, file: resolveFontFile(e) }));
}

function inline(nodes, ctx) {
  return nodes
    .map((n) => {
      if (n.type === 'text') return `#${str(n.value)}`;
      if (n.type === 'break') return ' \\\n';
      if (n.type === 'strong') return `#text(weight: "bold")[${inline(n.children, ctx)}]`;
      // emphasis is set in 楷 (in 楷 text, 黑), as the PDF exporter does
      const role = ctx.role === 'kai' ? 'sans' : 'kai';
      return `#text(font: ${str(ctx.family(role))})[${inline(n.children, { ...ctx, role })}]`;
    })
    .join('');
}

function styleText(style, ctx) {
  const weight = style.bold ? ', weight: "bold"' : '';
  return `font: ${str(ctx.family(style.role))}, size: ${pt(style.size)}${weight}`;
}

/** One block with its own style: size, leading, alignment, indent and spacing as the preset says. */
function styled(style, body, ctx, extra = {}) {
  const leading = pt(style.lineHeight - style.size);
  const indent = extra.indent ?? (style.indentEm ? `${style.indentEm}em` : '0pt');
  const align = { justify: 'left', left: 'left', center: 'center', right: 'right' }[style.align];
  const inset = `left: ${extra.left ?? '0pt'}, right: ${extra.right ?? '0pt'}`;
  const above = pt(extra.above ?? style.spaceBefore ?? 0);
  const below = pt(style.spaceAfter ?? 0);
  // The set rules and a paragraph break inside the block make its text a real paragraph, so
  // that leading and first-line indent apply (Typst 0.13+ does not make a lone inline a par).
  return (
    `#block(above: ${above}, below: ${below}, inset: (${inset}))[\n` +
    `#set text(${styleText(style, ctx)})\n` +
    `#set par(justify: ${style.align === 'justify'}, leading: ${leading}, spacing: ${leading}, first-line-indent: (amount: ${indent}, all: true))\n` +
    `#set align(${align})\n\n` +
    `${body}\n\n]`
  );
}

function blocks(list, preset, ctx, nest = { left: 0, right: 0, quote: false, depth: 0 }) {
  const out = [];
  for (const b of list) {
    if (b.type === 'heading') {
      const style = preset.headings[Math.min(b.level, preset.headings.length) - 1];
      out.push(`#heading(level: ${b.level}, outlined: true)[${styled(style, inline(b.children, { ...ctx, role: style.role }), ctx, { left: pt(nest.left) })}]`);
    } else if (b.type === 'paragraph') {
      const style = nest.quote ? preset.quote : nest.depth > 0 ? preset.listItem : preset.body;
      out.push(styled(style, inline(b.children, { ...ctx, role: style.role }), ctx, { left: pt(nest.left), right: pt(nest.right), indent: nest.depth > 0 ? '0pt' : undefined }));
    } else if (b.type === 'blockquote') {
      const q = preset.quote;
      out.push(...blocks(b.children, preset, ctx, { ...nest, quote: true, left: nest.left + (q.leftEm ?? 0) * q.size, right: nest.right + (q.rightEm ?? 0) * q.size }));
    } else if (b.type === 'list') {
      const li = preset.listItem;
      b.items.forEach((item, i) => {
        const marker = ctx.listMarker(b.ordered, b.start, i, nest.depth);
        const left = nest.left + (li.leftEm ?? 2) * li.size;
        const inner = blocks(item.children, preset, ctx, { ...nest, depth: nest.depth + 1, left });
        // the marker hangs in the indent, half an em before the text, as in the PDF
        out.push(`#context place(dx: ${pt(left - li.size * 0.5)} - measure(text(${styleText(li, ctx)})[#${str(marker)}]).width, text(${styleText(li, ctx)})[#${str(marker)}])\n${inner.join('\n')}`);
      });
    } else if (b.type === 'thematicBreak') {
      out.push(styled({ ...preset.body, align: 'center' }, `#${str(ctx.ruleText)}`, ctx, { indent: '0pt' }));
    }
  }
  return out;
}

/** Typst source for `doc` set in `preset`, and the font files to give the compiler. */
export async function typstSource(doc, preset, helpers) {
  // The model's text helpers and the manifest come from the build; tests pass the sources' own.
  const text = helpers?.text ?? (await load('model/text.js'));
  const faces = helpers?.faces ?? (await bundledFaces());
  const family = (role) => (faces.find((f) => f.role === role && !f.bold) ?? faces.find((f) => f.role === 'serif')).family;
  const ctx = { family, role: preset.body.role, listMarker: text.listMarker, ruleText: text.THEMATIC_BREAK_TEXT };
  const { page, footer, body } = preset;
  const m = page.margin;
  const head = [
    `#set document(title: ${str(doc.meta.title)}${doc.meta.author ? `, author: ${str(doc.meta.author)}` : ''})`,
    `#set page(width: ${pt(page.width)}, height: ${pt(page.height)}, margin: (top: ${pt(m.top)}, bottom: ${pt(m.bottom)}, left: ${pt(m.left)}, right: ${pt(m.right)}),` +
      ` footer-descent: ${pt(footer.belowTypeArea - footer.size * 0.88)},` +
      ` footer: context align(center, text(font: ${str(family(footer.role))}, size: ${pt(footer.size)}, ${str(footer.format)}.replace("{n}", str(here().page())))))`,
    `#set text(font: ${str(family(body.role))}, size: ${pt(body.size)}, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em)`,
    `#set par(justify: true)`,
    `#show heading: set text(weight: "regular")`,
    `#show heading: it => it.body`,
  ];
  const title = styled(preset.title, inline([{ type: 'text', value: doc.meta.title }], { ...ctx, role: preset.title.role }), ctx, { indent: '0pt' });
  const parts = [...head, title, ...blocks(doc.blocks, preset, ctx)];
  if (doc.meta.byline) {
    const s = preset.byline;
    parts.push(styled(s, `#${str(text.bylineText(doc.meta.byline))}`, ctx, { indent: '0pt', right: pt((s.rightEm ?? 0) * s.size) }));
  }
  const roles = new Set([body.role, footer.role, preset.title.role, preset.quote.role, preset.byline.role, preset.listItem.role, ...preset.headings.map((h) => h.role), 'kai', 'sans']);
  const fontFiles = faces.filter((f) => roles.has(f.role)).map((f) => f.file);
  return { source: parts.join('\n\n') + '\n', fontFiles };
}
