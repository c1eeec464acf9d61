// The string-distance submodule of `natural` alone: the package root loads heavy optional modules.
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  /** Jaro–Winkler similarity in [0, 1] (1 for equal strings). */
  export default function jaroWinkler(s1: string, s2: string, options?: { ignoreCase?: boolean; dj?: number }): number
}
