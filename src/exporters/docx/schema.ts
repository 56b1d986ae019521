/**
 * The order WordprocessingML wants children in, as data (pandoc's DOCX writer keeps such tables
 * too). Word refuses a document whose property elements are out of schema order ("unreadable
 * content"), where LibreOffice quietly accepts it; so every property element is written through
 * `ordered`, which sorts its children by this table and throws for a child the table does not
 * list. test/docx-schema.test.ts checks every part of our documents against it.
 *
 * Source: ECMA-376 Part 1 (transitional), wml.xsd: CT_PPrBase + CT_PPr, EG_RPrBase + CT_RPr,
 * CT_SectPr (EG_HdrFtrReferences, EG_SectPrContents), CT_TblPrBase, CT_TrPrBase, CT_TcPrBase,
 * CT_Tbl, CT_Row, CT_Tc, CT_TblBorders, CT_TcBorders, CT_TblCellMar, CT_Style, CT_Styles,
 * CT_DocDefaults, CT_Settings, CT_Compat, CT_FtnProps, CT_Numbering, CT_AbstractNum, CT_Lvl,
 * CT_Num, CT_Font; wp:CT_Inline from dml-wordprocessingDrawing.xsd; pic:CT_Picture and its parts
 * from pic.xsd and dml-main.xsd. Where the schema has a
 * choice that may come in any order (run properties, row properties, header and footer
 * references), the table gives the order Word writes.
 */
import { el, type Attrs } from './xml.js';

/** In a container's list: its content (rows, cells, paragraphs), any element, kept in the order written. */
export const CONTENT = '*';

const w = (...names: string[]): readonly string[] => names.map((n) => (n.includes(':') || n === CONTENT ? n : `w:${n}`));

const PARAGRAPH = w(
  'pStyle', 'keepNext', 'keepLines', 'pageBreakBefore', 'framePr', 'widowControl', 'numPr', 'suppressLineNumbers',
  'pBdr', 'shd', 'tabs', 'suppressAutoHyphens', 'kinsoku', 'wordWrap', 'overflowPunct', 'topLinePunct', 'autoSpaceDE',
  'autoSpaceDN', 'bidi', 'adjustRightInd', 'snapToGrid', 'spacing', 'ind', 'contextualSpacing', 'mirrorIndents',
  'suppressOverlap', 'jc', 'textDirection', 'textAlignment', 'textboxTightWrap', 'outlineLvl', 'divId', 'cnfStyle',
  'rPr', 'sectPr', 'pPrChange',
);

const RUN = w(
  'rStyle', 'rFonts', 'b', 'bCs', 'i', 'iCs', 'caps', 'smallCaps', 'strike', 'dstrike', 'outline', 'shadow', 'emboss',
  'imprint', 'noProof', 'snapToGrid', 'vanish', 'webHidden', 'color', 'spacing', 'w', 'kern', 'position', 'sz', 'szCs',
  'highlight', 'u', 'effect', 'bdr', 'shd', 'fitText', 'vertAlign', 'rtl', 'cs', 'em', 'lang', 'eastAsianLayout',
  'specVanish', 'oMath', 'rPrChange',
);

const BORDERS = w('top', 'start', 'left', 'bottom', 'end', 'right', 'insideH', 'insideV', 'tl2br', 'tr2bl');

export const SCHEMA_ORDER: Readonly<Record<string, readonly string[]>> = {
  'w:pPr': PARAGRAPH,
  'w:rPr': RUN,
  'w:sectPr': w(
    'headerReference', 'footerReference', 'footnotePr', 'endnotePr', 'type', 'pgSz', 'pgMar', 'paperSrc', 'pgBorders',
    'lnNumType', 'pgNumType', 'cols', 'formProt', 'vAlign', 'noEndnote', 'titlePg', 'textDirection', 'bidi',
    'rtlGutter', 'docGrid', 'printerSettings', 'sectPrChange',
  ),
  'w:tbl': w('tblPr', 'tblGrid', CONTENT),
  'w:tblPr': w(
    'tblStyle', 'tblpPr', 'tblOverlap', 'bidiVisual', 'tblStyleRowBandSize', 'tblStyleColBandSize', 'tblW', 'jc',
    'tblCellSpacing', 'tblInd', 'tblBorders', 'shd', 'tblLayout', 'tblCellMar', 'tblLook', 'tblCaption',
    'tblDescription', 'tblPrChange',
  ),
  'w:tr': w('tblPrEx', 'trPr', CONTENT),
  'w:trPr': w('cnfStyle', 'divId', 'gridBefore', 'gridAfter', 'wBefore', 'wAfter', 'cantSplit', 'trHeight', 'tblHeader', 'tblCellSpacing', 'jc', 'hidden', 'ins', 'del', 'trPrChange'),
  'w:tc': w('tcPr', CONTENT),
  'w:tcPr': w('cnfStyle', 'tcW', 'gridSpan', 'hMerge', 'vMerge', 'tcBorders', 'shd', 'noWrap', 'tcMar', 'textDirection', 'tcFitText', 'vAlign', 'hideMark', 'headers', 'tcPrChange'),
  'w:tblBorders': BORDERS,
  'w:tcBorders': BORDERS,
  'w:tblCellMar': w('top', 'start', 'left', 'bottom', 'end', 'right'),
  'w:tcMar': w('top', 'start', 'left', 'bottom', 'end', 'right'),
  'w:styles': w('docDefaults', 'latentStyles', 'style'),
  'w:docDefaults': w('rPrDefault', 'pPrDefault'),
  'w:style': w(
    'name', 'aliases', 'basedOn', 'next', 'link', 'autoRedefine', 'hidden', 'uiPriority', 'semiHidden', 'unhideWhenUsed',
    'qFormat', 'locked', 'personal', 'personalCompose', 'personalReply', 'rsid', 'pPr', 'rPr', 'tblPr', 'trPr', 'tcPr',
    'tblStylePr',
  ),
  'w:settings': w(
    'writeProtection', 'view', 'zoom', 'removePersonalInformation', 'removeDateAndTime', 'doNotDisplayPageBoundaries',
    'displayBackgroundShape', 'printPostScriptOverText', 'printFractionalCharacterWidth', 'printFormsData',
    'embedTrueTypeFonts', 'embedSystemFonts', 'saveSubsetFonts', 'saveFormsData', 'mirrorMargins', 'alignBordersAndEdges',
    'bordersDoNotSurroundHeader', 'bordersDoNotSurroundFooter', 'gutterAtTop', 'hideSpellingErrors', 'hideGrammaticalErrors',
    'activeWritingStyle', 'proofState', 'formsDesign', 'attachedTemplate', 'linkStyles', 'stylePaneFormatFilter',
    'stylePaneSortMethod', 'documentType', 'mailMerge', 'revisionView', 'trackRevisions', 'doNotTrackMoves',
    'doNotTrackFormatting', 'documentProtection', 'autoFormatOverride', 'styleLockTheme', 'styleLockQFSet', 'defaultTabStop',
    'autoHyphenation', 'consecutiveHyphenLimit', 'hyphenationZone', 'doNotHyphenateCaps', 'showEnvelope', 'summaryLength',
    'clickAndTypeStyle', 'defaultTableStyle', 'evenAndOddHeaders', 'bookFoldRevPrinting', 'bookFoldPrinting',
    'bookFoldPrintingSheets', 'drawingGridHorizontalSpacing', 'drawingGridVerticalSpacing', 'displayHorizontalDrawingGridEvery',
    'displayVerticalDrawingGridEvery', 'doNotUseMarginsForDrawingGridOrigin', 'drawingGridHorizontalOrigin',
    'drawingGridVerticalOrigin', 'doNotShadeFormData', 'noPunctuationKerning', 'characterSpacingControl', 'printTwoOnOne',
    'strictFirstAndLastChars', 'noLineBreaksAfter', 'noLineBreaksBefore', 'savePreviewPicture', 'doNotValidateAgainstSchema',
    'saveInvalidXml', 'ignoreMixedContent', 'alwaysShowPlaceholderText', 'doNotDemarcateInvalidXml', 'saveXmlDataOnly',
    'useXSLTWhenSaving', 'saveThroughXslt', 'showXMLTags', 'alwaysMergeEmptyNamespace', 'updateFields', 'hdrShapeDefaults',
    'footnotePr', 'endnotePr', 'compat', 'docVars', 'rsids', 'm:mathPr', 'attachedSchema', 'themeFontLang', 'clrSchemeMapping',
    'doNotIncludeSubdocsInStats', 'doNotAutoCompressPictures', 'forceUpgrade', 'captions', 'readModeInkLockDown',
    'smartTagType', 'sl:schemaLibrary', 'shapeDefaults', 'doNotEmbedSmartTags', 'decimalSymbol', 'listSeparator',
  ),
  'w:compat': w(
    'useSingleBorderforContiguousCells', 'wpJustification', 'noTabHangInd', 'noLeading', 'spaceForUL', 'noColumnBalance',
    'balanceSingleByteDoubleByteWidth', 'noExtraLineSpacing', 'doNotLeaveBackslashAlone', 'ulTrailSpace',
    'doNotExpandShiftReturn', 'spacingInWholePoints', 'lineWrapLikeWord6', 'printBodyTextBeforeHeader', 'printColBlack',
    'wpSpaceWidth', 'showBreaksInFrames', 'subFontBySize', 'suppressBottomSpacing', 'suppressTopSpacing',
    'suppressSpacingAtTopOfPage', 'suppressTopSpacingWP', 'suppressSpBfAfterPgBrk', 'swapBordersFacingPages',
    'convMailMergeEsc', 'truncateFontHeightsLikeWP6', 'mwSmallCaps', 'usePrinterMetrics', 'doNotSuppressParagraphBorders',
    'wrapTrailSpaces', 'footnoteLayoutLikeWW8', 'shapeLayoutLikeWW8', 'alignTablesRowByRow', 'forgetLastTabAlignment',
    'adjustLineHeightInTable', 'autoSpaceLikeWord95', 'noSpaceRaiseLower', 'doNotUseHTMLParagraphAutoSpacing',
    'layoutRawTableWidth', 'layoutTableRowsApart', 'useWord97LineBreakRules', 'doNotBreakWrappedTables',
    'doNotSnapToGridInCell', 'selectFldWithFirstOrLastChar', 'applyBreakingRules', 'doNotWrapTextWithPunct',
    'doNotUseEastAsianBreakRules', 'useWord2002TableStyleRules', 'growAutofit', 'useFELayout', 'useNormalStyleForList',
    'doNotUseIndentAsNumberingTabStop', 'useAltKinsokuLineBreakRules', 'allowSpaceOfSameStyleInTable',
    'doNotSuppressIndentation', 'doNotAutofitConstrainedTables', 'autofitToFirstFixedWidthCell', 'underlineTabInNumList',
    'displayHangulFixedWidth', 'splitPgBreakAndParaMark', 'doNotVertAlignCellWithSp', 'doNotBreakConstrainedForcedTable',
    'doNotVertAlignInTxbx', 'useAnsiKerningPairs', 'cachedColBalance', 'compatSetting',
  ),
  'w:footnotePr': w('pos', 'numFmt', 'numStart', 'numRestart', 'footnote'),
  'w:numbering': w('numPicBullet', 'abstractNum', 'num', 'numIdMacAtCleanup'),
  'w:abstractNum': w('nsid', 'multiLevelType', 'tmpl', 'name', 'styleLink', 'numStyleLink', 'lvl'),
  'w:lvl': w('start', 'numFmt', 'lvlRestart', 'pStyle', 'isLgl', 'suff', 'lvlText', 'lvlPicBulletId', 'legacy', 'lvlJc', 'pPr', 'rPr'),
  'w:num': w('abstractNumId', 'lvlOverride'),
  'w:font': w('altName', 'panose1', 'charset', 'family', 'notTrueType', 'pitch', 'sig', 'embedRegular', 'embedBold', 'embedItalic', 'embedBoldItalic'),
  'wp:inline': ['wp:extent', 'wp:effectExtent', 'wp:docPr', 'wp:cNvGraphicFramePr', 'a:graphic'],
  // CT_Anchor (dml-wordprocessingDrawing.xsd): a floating picture such as a 公文's seal.
  'wp:anchor': ['wp:simplePos', 'wp:positionH', 'wp:positionV', 'wp:extent', 'wp:effectExtent', 'wp:wrapNone', 'wp:wrapSquare', 'wp:wrapTopAndBottom', 'wp:docPr', 'wp:cNvGraphicFramePr', 'a:graphic'],
  // DrawingML pictures (pic.xsd, dml-main.xsd): /work/notes/ooxml-order.md section 13.
  'pic:pic': ['pic:nvPicPr', 'pic:blipFill', 'pic:spPr'],
  'pic:nvPicPr': ['pic:cNvPr', 'pic:cNvPicPr'],
  'pic:blipFill': ['a:blip', 'a:srcRect', 'a:tile', 'a:stretch'],
  'pic:spPr': ['a:xfrm', 'a:custGeom', 'a:prstGeom', 'a:noFill', 'a:solidFill', 'a:ln', 'a:effectLst', 'a:extLst'],
  'a:xfrm': ['a:off', 'a:ext'],
};

/** The tag name an element string starts with: `<w:b w:val="0"/>` → `w:b`. */
export function tagOf(xml: string): string {
  const m = /^<([A-Za-z][\w.-]*:[\w.-]+|[A-Za-z][\w.-]*)/.exec(xml);
  if (!m) throw new Error(`not an element: ${xml.slice(0, 40)}`);
  return m[1]!;
}

/**
 * `el(name, attrs, …children)` with the children in the schema's order for `name` (a stable sort,
 * so repeated elements keep their order). A child the table does not list for `name` is a bug in
 * the writer, reported at once rather than as a document Word calls unreadable.
 */
export function ordered(name: string, attrs: Attrs, ...children: Array<string | false | undefined>): string {
  const order = SCHEMA_ORDER[name];
  if (!order) throw new Error(`no schema order for ${name}`);
  const present = children.filter((c): c is string => typeof c === 'string' && c !== '');
  const rank = present.map((child) => {
    const tag = tagOf(child);
    const at = order.includes(tag) ? order.indexOf(tag) : order.indexOf(CONTENT);
    if (at < 0) throw new Error(`${tagOf(child)} is not a child of ${name} in the schema order table`);
    return at;
  });
  const sorted = present.map((child, i) => ({ child, rank: rank[i]!, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  return el(name, attrs, ...sorted.map((s) => s.child));
}
