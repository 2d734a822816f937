import { NAMED_COLOURS } from './named-colours';

/**
 * Colours are compared as opaque "#rrggbb": alpha is a compositing choice, not a brand colour, so a
 * translucent brand colour is still the brand colour.
 */
export type Rgb = `#${string}`;

/** "#abc", "#abcd", "#aabbcc", "#aabbccdd" (any case) to "#aabbcc"; undefined for other lengths. */
export function hexToRgb(hex: string): Rgb | undefined {
  const digits = hex.replace(/^#/, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(digits)) return undefined;
  if (digits.length === 3 || digits.length === 4) {
    return `#${digits[0]}${digits[0]}${digits[1]}${digits[1]}${digits[2]}${digits[2]}`;
  }
  if (digits.length === 6 || digits.length === 8) return `#${digits.slice(0, 6)}`;
  return undefined;
}

export function namedToRgb(name: string): Rgb | undefined {
  return NAMED_COLOURS.get(name.toLowerCase()) as Rgb | undefined;
}

/**
 * rgb()/rgba()/hsl()/hsla() arguments in the legacy comma form or the modern space form with
 * "/ alpha"; undefined for what cannot be resolved here, such as var() or calc().
 */
export function functionToRgb(name: string, args: string): Rgb | undefined {
  const parts = args.trim().split(/\s*[,/]\s*|\s+/);
  if (parts.length < 3 || parts.length > 4) return undefined;
  const fn = name.toLowerCase();
  if (fn === 'rgb' || fn === 'rgba') {
    const channels = parts.slice(0, 3).map(rgbChannel);
    return channels.every((c): c is number => c !== undefined) ? toHex(channels) : undefined;
  }
  if (fn === 'hsl' || fn === 'hsla') {
    const hue = angle(parts[0]);
    const saturation = fraction(parts[1]);
    const lightness = fraction(parts[2]);
    if (hue === undefined || saturation === undefined || lightness === undefined) return undefined;
    return toHex(hslToRgb(hue, saturation, lightness));
  }
  return undefined;
}

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;

function rgbChannel(part: string): number | undefined {
  const m = new RegExp(`^(${NUMBER})(%?)$`, 'i').exec(part);
  if (!m) return undefined;
  const value = m[2] ? (Number(m[1]) * 255) / 100 : Number(m[1]);
  return clamp(Math.round(value), 0, 255);
}

const DEGREES_PER_UNIT: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['deg', 1],
  ['grad', 0.9],
  ['rad', 180 / Math.PI],
  ['turn', 360],
]);

function angle(part: string): number | undefined {
  const m = new RegExp(`^(${NUMBER})([a-z]*)$`, 'i').exec(part);
  const scale = m ? DEGREES_PER_UNIT.get(m[2].toLowerCase()) : undefined;
  return m && scale !== undefined ? Number(m[1]) * scale : undefined;
}

/** CSS Color 4 lets saturation and lightness be plain numbers meaning percent. */
function fraction(part: string): number | undefined {
  const m = new RegExp(`^(${NUMBER})%?$`, 'i').exec(part);
  return m ? clamp(Number(m[1]), 0, 100) / 100 : undefined;
}

/** The algorithm given in CSS Color 4, section 7.1. */
function hslToRgb(hue: number, saturation: number, lightness: number): number[] {
  const h = ((hue % 360) + 360) % 360;
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255));
}

function toHex(channels: number[]): Rgb {
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A palette entry ("#1A2B3C", "#abc" or a CSS colour name) in the form found colours are compared in. */
export function paletteEntryToRgb(entry: string): Rgb | undefined {
  const trimmed = entry.trim();
  if (trimmed.startsWith('#'))
    return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(trimmed) ? hexToRgb(trimmed) : undefined;
  return namedToRgb(trimmed);
}
