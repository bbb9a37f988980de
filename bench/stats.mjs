// Small numeric helpers shared by the benchmark parts.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The 25th and 75th percentiles, to show how noisy a median is. */
export const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  return [at(0.25), at(0.75)];
};

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
export const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
export const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "n/a");

/** Shuffles the order of `items` for round `round`, the same way every run (a rotation). */
export const rotate = (items, round) => items.map((_, i) => items[(i + round) % items.length]);
