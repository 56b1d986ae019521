/**
 * What the body of a DOCX refers to beyond its styles: images (word/media, one part per file),
 * web addresses (external hyperlink relationships), headings that links go to (bookmarks). One
 * collector per export gives each its relationship id, in the order first used, so the same
 * document gives the same ids.
 */
import type { ImageInfo } from '../../images/index.js';
import { NS } from './xml.js';

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external?: boolean;
}

export class BodyParts {
  private readonly images = new Map<ImageInfo, { id: string; part: string }>();
  private readonly links = new Map<string, string>();
  readonly relationships: Relationship[] = [];
  /** Drawings numbered for wp:docPr ids (unique in the document). */
  private drawings = 0;

  /** The relationship id of an image's part (word/media/imageN.png|jpeg), made on first use. */
  image(file: ImageInfo): string {
    let entry = this.images.get(file);
    if (!entry) {
      const n = this.images.size + 1;
      entry = { id: `rIdImage${n}`, part: `media/image${n}.${file.type === 'png' ? 'png' : 'jpeg'}` };
      this.images.set(file, entry);
      this.relationships.push({ id: entry.id, type: `${NS.relType}/image`, target: entry.part });
    }
    return entry.id;
  }

  /** The relationship id of an external link's address, made on first use. */
  link(url: string): string {
    let id = this.links.get(url);
    if (!id) {
      id = `rIdLink${this.links.size + 1}`;
      this.links.set(url, id);
      this.relationships.push({ id, type: `${NS.relType}/hyperlink`, target: url, external: true });
    }
    return id;
  }

  nextDrawing(): number {
    return ++this.drawings;
  }

  /** The image parts: their names in the package and bytes as given. */
  mediaParts(): Array<[string, Uint8Array]> {
    return [...this.images].map(([file, e]) => [`word/${e.part}`, file.bytes]);
  }

  /** Extensions of the image parts, for [Content_Types].xml defaults. */
  mediaTypes(): Array<'png' | 'jpeg'> {
    const types = new Set([...this.images.keys()].map((f) => f.type));
    return (['png', 'jpeg'] as const).filter((t) => types.has(t));
  }
}
