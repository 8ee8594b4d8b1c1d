//! Mixed-radix numbering of profiles, the first coordinate fastest: how
//! strategy profiles index payoff tables and how type and plan profiles are
//! numbered by the mediator's programs.

/// The stride of each coordinate of a profile space with `sizes` choices
/// per coordinate, and the number of profiles (saturating at `usize::MAX`,
/// for callers that refuse spaces too large to list before they index).
pub(crate) fn strides(sizes: &[usize]) -> (Vec<usize>, usize) {
    let mut s = Vec::with_capacity(sizes.len());
    let mut total = 1usize;
    for &k in sizes {
        s.push(total);
        total = total.saturating_mul(k);
    }
    (s, total)
}

/// The mixed-radix digits of `index` over `sizes`, the first digit fastest.
pub fn decode(index: usize, sizes: &[usize]) -> Vec<usize> {
    let mut rest = index;
    sizes
        .iter()
        .map(|&k| {
            let c = rest % k;
            rest /= k;
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strides_and_decode_number_profiles_first_coordinate_fastest() {
        let sizes = [2, 3, 4];
        let (s, total) = strides(&sizes);
        assert_eq!((s.as_slice(), total), (&[1, 2, 6][..], 24));
        for index in 0..total {
            let digits = decode(index, &sizes);
            assert!(digits.iter().zip(&sizes).all(|(d, k)| d < k));
            assert_eq!(
                digits.iter().zip(&s).map(|(d, st)| d * st).sum::<usize>(),
                index
            );
        }
        assert_eq!(strides(&[usize::MAX, 3]).1, usize::MAX);
    }
}
