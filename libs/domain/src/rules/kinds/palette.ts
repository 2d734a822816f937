import type { Hit } from '../hit';
import { scanMarkup } from '../markup';
import type { PaletteRule } from '../rule-set';
import { functionToRgb, hexToRgb, namedToRgb, paletteEntryToRgb, type Rgb } from './colours';
import { quote } from './text-search';

/*
 * Colours are looked for only where a renderer reads them: CSS declaration values, and in markup
 * the style sheets, style attributes and colour attributes. Elsewhere "#123" is an issue number, an
 * anchor or a character reference, and "red" is a word.
 */

interface FoundColour {
  start: number;
  end: number;
  text: string;
  rgb: Rgb;
}

/** Markdown renders the HTML written inside it, style attributes and style sheets included. */
const MARKUP_TYPES = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/markdown']);

/** Attributes whose whole value is a colour, or a list of values that may be colours (SVG animation). */
const COLOUR_ATTRIBUTES = new Set(
  'fill stroke color stop-color flood-color lighting-color bgcolor text link vlink alink from to by values'.split(
    ' ',
  ),
);

/** CSS properties whose values may name a colour by keyword; hex and functions are checked in any property. */
const COLOUR_PROPERTY =
  /^(?:--.*|.*color|background|border(?:-(?:top|right|bottom|left|block|inline)(?:-(?:start|end))?)?|outline|fill|stroke|box-shadow|text-shadow|text-decoration|column-rule|caret|accent)$/i;

/**
 * One alternation so each part of a value is read once: url(...) is skipped whole (its "#id" is a
 * reference), then hex colours, colour functions without nested brackets, and words.
 */
const VALUE_TOKEN =
  /url\([^)]*\)?|(?<![\w&#-])(#[0-9a-f]+)(?![\w-])|\b(rgba?|hsla?)\(([^()]*)\)|(?<![\w#-])([a-z]+)(?![\w(-])/gi;

function* coloursInValue(value: string, offset: number, names: boolean): Iterable<FoundColour> {
  for (const match of value.matchAll(VALUE_TOKEN)) {
    const rgb = tokenToRgb(match, names);
    if (rgb)
      yield { start: offset + match.index, end: offset + match.index + match[0].length, text: match[0], rgb };
  }
}

function tokenToRgb([, hex, fn, args, word]: RegExpMatchArray, names: boolean): Rgb | undefined {
  if (hex) return hexToRgb(hex);
  if (fn) return functionToRgb(fn, args);
  return word && names ? namedToRgb(word) : undefined;
}

/** Declarations start after "{" or ";" and end before ";" or "}": a selector such as "a:hover {" is not one. */
const DECLARATION = /(?:^|[{;])\s*(--[\w-]+|[a-z-]+)\s*:([^;{}]*)(?=[;}]|$)/gi;

function* coloursInCss(css: string, offset: number): Iterable<FoundColour> {
  for (const match of blankComments(css).matchAll(DECLARATION)) {
    const [whole, property, value] = match;
    // The value ends the match, since the lookahead consumes nothing.
    const valueStart = match.index + whole.length - value.length;
    yield* coloursInValue(value, offset + valueStart, COLOUR_PROPERTY.test(property));
  }
}

/** Comments replaced by spaces of the same length, so offsets still point into the original. */
function blankComments(css: string): string {
  let out = '';
  let i = 0;
  for (let open = css.indexOf('/*'); open >= 0; open = css.indexOf('/*', i)) {
    const close = css.indexOf('*/', open + 2);
    const end = close < 0 ? css.length : close + 2;
    out += css.slice(i, open) + ' '.repeat(end - open);
    i = end;
  }
  return out + css.slice(i);
}

function coloursInMarkup(text: string): FoundColour[] {
  const found: FoundColour[] = [];
  const collect = (colours: Iterable<FoundColour>) => {
    for (const colour of colours) found.push(colour);
  };
  scanMarkup(text, {
    styleSheet: (sheet) => collect(coloursInCss(sheet.css, sheet.start)),
    tag: (tag) => {
      for (const { name, value, valueStart } of tag.attributes) {
        if (name === 'style') collect(coloursInCss(value, valueStart));
        else if (COLOUR_ATTRIBUTES.has(name)) collect(coloursInValue(value, valueStart, true));
      }
    },
  });
  return found;
}

function coloursIn(text: string, mediaType: string): Iterable<FoundColour> {
  if (mediaType === 'text/css') return coloursInCss(text, 0);
  return MARKUP_TYPES.has(mediaType) ? coloursInMarkup(text) : [];
}

export function* paletteHits(rule: PaletteRule, text: string, mediaType: string): Iterable<Hit> {
  const entries = rule.colors.flatMap((entry) => {
    const rgb = paletteEntryToRgb(entry);
    return rgb ? [{ entry, rgb }] : [];
  });
  const palette = new Set(entries.map((e) => e.rgb));
  const name = quote(rule.name ?? rule.id);
  for (const { start, end, text: written, rgb } of coloursIn(text, mediaType)) {
    if (palette.has(rgb)) continue;
    const shown = written.toLowerCase() === rgb ? quote(written) : `${quote(written)} (${rgb})`;
    const nearest = nearestEntry(rgb, entries);
    const advice = nearest ? `; the nearest brand colour is ${quote(nearest)}` : '';
    yield { start, end, message: `Colour ${shown} is not in the palette ${name}${advice}` };
  }
}

/**
 * The palette entry closest to a colour, by the "redmean" weighted RGB distance, which follows how
 * far apart people see two colours much better than plain RGB distance, at no cost.
 */
function nearestEntry(rgb: Rgb, entries: ReadonlyArray<{ entry: string; rgb: Rgb }>): string | undefined {
  const [r, g, b] = channels(rgb);
  let best: { entry: string; distance: number } | undefined;
  for (const candidate of entries) {
    const [r2, g2, b2] = channels(candidate.rgb);
    const mean = (r + r2) / 2;
    const distance =
      (2 + mean / 256) * (r - r2) ** 2 + 4 * (g - g2) ** 2 + (2 + (255 - mean) / 256) * (b - b2) ** 2;
    if (!best || distance < best.distance) best = { entry: candidate.entry, distance };
  }
  return best?.entry;
}

function channels(rgb: Rgb): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(rgb.slice(i, i + 2), 16)) as [number, number, number];
}
