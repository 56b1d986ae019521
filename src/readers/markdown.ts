/**
 * Markdown (CommonMark + YAML front matter) → the document model.
 *
 * Parsing is micromark/mdast's; this module only maps mdast nodes onto our model and refuses,
 * with the line and column, whatever the model cannot hold (HTML, code, links, images, tables),
 * so nothing is ever dropped silently.
 */
import type { Nodes as MdNode, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { inputError, type Diagnostic } from '../errors.js';
import type { Block, Document, HeadingLevel, Inline, Span } from '../model/index.js';
import { readFrontMatter } from './frontmatter.js';
import { checkCharacters } from './characters.js';
import { LineIndex } from './positions.js';

const unsupported: Record<string, string> = {
  html: 'raw HTML is not supported',
  code: 'code blocks are not supported',
  inlineCode: 'inline code is not supported',
  link: 'links are not supported (write the address as text)',
  linkReference: 'links are not supported (write the address as text)',
  image: 'images are not supported',
  imageReference: 'images are not supported',
  table: 'tables are not supported',
  footnoteReference: 'footnotes are not supported',
  footnoteDefinition: 'footnotes are not supported',
  delete: 'strikethrough is not supported',
};

export function parseMarkdown(text: string, file: string): Document {
  const lines = new LineIndex(text);
  checkCharacters(text, file, lines);

  const tree = fromMarkdown(text, {
    extensions: [frontmatter(['yaml']), gfmTable()],
    mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmTableFromMarkdown()],
  });

  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    throw inputError({
      file,
      line: 1,
      column: 1,
      message: "the source must start with YAML front matter: a line '---', then 'title: …', then '---'",
      code: 'front-matter',
    });
  }
  const yamlOffset = text.indexOf('\n', first.position?.start.offset ?? 0) + 1;
  const front = readFrontMatter(first.value, yamlOffset, lines, file);

  const problems: Diagnostic[] = [];
  const reader = new BlockReader(file, problems);
  const blocks = reader.blocks(tree.children.slice(1));
  if (problems.length > 0) throw inputError(problems);
  if (blocks.length === 0) {
    throw inputError({ file, line: lines.point(text.length).line, message: 'the document has front matter but no body text', code: 'empty' });
  }
  return { meta: front.meta, blocks, titleSpan: front.titleSpan, bylineSpan: front.bylineSpan, source: { path: file, text } };
}

class BlockReader {
  constructor(
    private readonly file: string,
    private readonly problems: Diagnostic[],
  ) {}

  private refuse(node: MdNode, message: string): void {
    const p = node.position?.start;
    this.problems.push({ file: this.file, line: p?.line, column: p?.column, message, code: 'unsupported' });
  }

  blocks(nodes: readonly RootContent[]): Block[] {
    const out: Block[] = [];
    for (const node of nodes) {
      const span = spanOf(node);
      switch (node.type) {
        case 'heading':
          out.push({ type: 'heading', level: node.depth as HeadingLevel, children: this.inlines(node.children), span });
          break;
        case 'paragraph':
          out.push({ type: 'paragraph', children: this.inlines(node.children), span });
          break;
        case 'blockquote':
          out.push({ type: 'blockquote', children: this.blocks(node.children), span });
          break;
        case 'list':
          out.push({
            type: 'list',
            ordered: node.ordered === true,
            start: node.start ?? 1,
            items: node.children.map((item) => ({ type: 'listItem', children: this.blocks(item.children), span: spanOf(item) })),
            span,
          });
          break;
        case 'thematicBreak':
          out.push({ type: 'thematicBreak', span });
          break;
        case 'definition':
          break; // a link reference definition prints nothing; links themselves are refused
        case 'yaml':
          this.refuse(node, 'a second front matter block is not allowed');
          break;
        default:
          this.refuse(node, unsupported[node.type] ?? `${node.type} is not supported`);
      }
    }
    return out;
  }

  inlines(nodes: readonly PhrasingContent[]): Inline[] {
    const out: Inline[] = [];
    for (const node of nodes) {
      const span = spanOf(node);
      switch (node.type) {
        case 'text': {
          const value = joinSoftBreaks(node.value);
          const last = out[out.length - 1];
          if (last?.type === 'text') last.value += value;
          else out.push({ type: 'text', value, span });
          break;
        }
        case 'emphasis':
          out.push({ type: 'emphasis', children: this.inlines(node.children), span });
          break;
        case 'strong':
          out.push({ type: 'strong', children: this.inlines(node.children), span });
          break;
        case 'break':
          out.push({ type: 'break', span });
          break;
        default:
          this.refuse(node, unsupported[node.type] ?? `${node.type} is not supported`);
      }
    }
    return trimEdges(out);
  }
}

const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019]/u;

/**
 * A newline inside a paragraph is only a line break of the source. Chinese has no spaces
 * between words, so it disappears between wide characters; between Latin words it is a space.
 */
export function joinSoftBreaks(value: string): string {
  return value.replace(/[ \t]*\n[ \t]*/g, (_m, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + _m.length] ?? '';
    return WIDE.test(before) || WIDE.test(after) ? '' : ' ';
  });
}

function trimEdges(inlines: Inline[]): Inline[] {
  const first = inlines[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
  const last = inlines[inlines.length - 1];
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
  return inlines.filter((n) => n.type !== 'text' || n.value !== '');
}

function spanOf(node: MdNode): Span | undefined {
  const p = node.position;
  if (!p) return undefined;
  return {
    start: { line: p.start.line, column: p.start.column, offset: p.start.offset ?? 0 },
    end: { line: p.end.line, column: p.end.column, offset: p.end.offset ?? 0 },
  };
}
