// markdown-it-footnote ships no types; @types/markdown-it-footnote would bring @types/markdown-it,
// which conflicts with the types markdown-it 15 ships itself.
declare module 'markdown-it-footnote' {
  import type MarkdownIt from 'markdown-it';
  const footnote: (md: MarkdownIt) => void;
  export default footnote;
}
