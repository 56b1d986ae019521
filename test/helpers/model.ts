/**
 * Comparing documents as models: positions and the source text dropped, adjacent text nodes
 * merged (the Markdown reader splits text at source lines, other readers do not), so that two
 * documents compare equal when their content, marks, structure and metadata are the same.
 */
import type { Block, Document, Inline } from '../../src/model/index.js';
import { inlineText } from '../../src/model/text.js';

export function normalInlines(list: readonly Inline[]): unknown[] {
  const out: Array<Record<string, unknown>> = [];
  for (const n of list) {
    const prev = out.at(-1);
    if (n.type === 'text') {
      if (prev?.type === 'text') prev.value = `${prev.value as string}${n.value}`;
      else out.push({ type: 'text', value: n.value });
      continue;
    }
    const { span: _span, ...rest } = n as Inline & { span?: unknown };
    out.push('children' in n ? { ...rest, children: normalInlines(n.children) } : rest);
  }
  return out;
}

export function normalBlocks(list: readonly Block[]): unknown[] {
  return list.map((b) => {
    switch (b.type) {
      case 'heading': return { type: b.type, level: b.level, children: normalInlines(b.children) };
      case 'paragraph': return { type: b.type, children: normalInlines(b.children) };
      case 'blockquote': return { type: b.type, children: normalBlocks(b.children) };
      case 'list': return { type: b.type, ordered: b.ordered, start: b.start, items: b.items.map((i) => normalBlocks(i.children)) };
      case 'thematicBreak': return { type: b.type };
      case 'figure': {
        const { span: _s, ...image } = b.image;
        return { type: b.type, image, caption: normalInlines(b.caption) };
      }
      case 'table': return {
        type: b.type, align: b.align, caption: b.caption ? normalInlines(b.caption) : undefined,
        head: b.head.map((r) => r.cells.map((c) => normalInlines(c.children))),
        body: b.body.map((r) => r.cells.map((c) => normalInlines(c.children))),
      };
    }
  });
}

/** Everything of a document that a round trip must keep. */
export function normalDocument(doc: Document): unknown {
  const { fonts: _fonts, ...meta } = doc.meta;
  // A 公文's attachments hold their text as blocks: compared as blocks too.
  const official = meta.official && {
    ...meta.official,
    ...(meta.official.attachments ? { attachments: meta.official.attachments.map((a) => ({ ...a, ...(a.blocks ? { blocks: normalBlocks(a.blocks) } : {}) })) } : {}),
  };
  return {
    meta: Object.fromEntries(Object.entries({ ...meta, official }).filter(([, v]) => v !== undefined)),
    blocks: normalBlocks(doc.blocks),
    footnotes: (doc.footnotes ?? []).map((f) => ({ label: f.label, children: normalBlocks(f.children) })),
  };
}

/**
 * What plain text carries: block kinds, heading levels, list structure and each block's text
 * (no inline marks, no line breaks: text has no way to tell a hard break from a wrap).
 */
export function textStructure(blocks: readonly Block[]): unknown[] {
  return blocks.map((b) => {
    switch (b.type) {
      case 'heading': return ['heading', b.level, flat(inlineText(b.children))];
      case 'paragraph': return ['paragraph', flat(inlineText(b.children))];
      case 'blockquote': return ['blockquote', textStructure(b.children)];
      case 'list': return ['list', b.ordered, b.start, b.items.map((i) => textStructure(i.children))];
      case 'table': return ['table', b.align, b.caption ? flat(inlineText(b.caption)) : undefined, [...b.head, ...b.body].map((r) => r.cells.map((c) => flat(inlineText(c.children))))];
      default: return [b.type];
    }
  });
}

const flat = (s: string): string => s.replace(/\n/g, '');
