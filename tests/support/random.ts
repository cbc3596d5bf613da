// Seeded randomness for repeatable tests: the emulator's fault plan and the property tests draw
// from it. Imports nothing (the emulator may use it without reaching src/).

/** A source of numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast, seeded, deterministic; good enough for test repeatability. */
export function seededRandom(seed: number): Rng {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** An integer in [lo, hi], both included. */
export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** One element of `xs`. */
export const pick = <T>(r: Rng, xs: ArrayLike<T>): T => xs[Math.floor(r() * xs.length)];
