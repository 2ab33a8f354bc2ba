//! Paired measurement: two ways timed in alternating short batches, so
//! both sides of each ratio run at the same speed of a shared machine.
//! `decode_ratio` times the batches; this module orders each pair and
//! summarizes the pairs.

/// The times of one comparison's pairs, in nanoseconds per operation.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Pairs {
    a: Vec<f64>,
    b: Vec<f64>,
}

/// What the table shows of a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Median time of `a`'s batches.
    pub median_a: f64,
    /// Median time of `b`'s batches.
    pub median_b: f64,
    /// Median of the pairs' ratios `a / b`.
    pub ratio: f64,
    /// First quartile of the ratios.
    pub low: f64,
    /// Third quartile of the ratios.
    pub high: f64,
}

impl Pairs {
    /// Runs pair number `pair`: `a` then `b` on even pairs, `b` then `a` on
    /// odd ones (so that neither always goes first), and records both times.
    pub fn run(&mut self, pair: usize, mut a: impl FnMut() -> f64, mut b: impl FnMut() -> f64) {
        let (ta, tb) = if pair % 2 == 0 {
            let ta = a();
            (ta, b())
        } else {
            let tb = b();
            (a(), tb)
        };
        self.a.push(ta);
        self.b.push(tb);
    }

    /// The medians and the ratios' quartiles; `None` without pairs.
    pub fn summary(&self) -> Option<Summary> {
        let mut ratios: Vec<f64> = self.a.iter().zip(&self.b).map(|(a, b)| a / b).collect();
        Some(Summary {
            median_a: quantile(&mut self.a.clone(), 0.5)?,
            median_b: quantile(&mut self.b.clone(), 0.5)?,
            ratio: quantile(&mut ratios, 0.5)?,
            low: quantile(&mut ratios, 0.25)?,
            high: quantile(&mut ratios, 0.75)?,
        })
    }
}

/// The value at quantile `q` (0..=1) of `values` (the nearest rank), which
/// it sorts; `None` if there are none.
pub fn quantile(values: &mut [f64], q: f64) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let last = values.len().checked_sub(1)?;
    let at = (last as f64 * q).round() as usize;
    values.get(at).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut values = [5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(quantile(&mut values, 0.5), Some(3.0));
        assert_eq!(quantile(&mut values, 0.25), Some(2.0));
        assert_eq!(quantile(&mut values, 0.75), Some(4.0));
        assert_eq!(quantile(&mut values, 0.0), Some(1.0));
        assert_eq!(quantile(&mut values, 1.0), Some(5.0));
        assert_eq!(quantile(&mut [1.0, 2.0], 0.75), Some(2.0));
        assert_eq!(quantile(&mut [], 0.5), None);
    }

    #[test]
    fn the_order_alternates_and_times_go_to_their_side() {
        let mut pairs = Pairs::default();
        let order = std::cell::RefCell::new(Vec::new());
        for pair in 0..4 {
            pairs.run(
                pair,
                || {
                    order.borrow_mut().push('a');
                    10.0
                },
                || {
                    order.borrow_mut().push('b');
                    5.0
                },
            );
        }
        assert_eq!(order.into_inner(), ['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
        assert_eq!(pairs.a, [10.0; 4]);
        assert_eq!(pairs.b, [5.0; 4]);
    }

    #[test]
    fn the_summary_takes_the_ratio_of_each_pair() {
        let mut pairs = Pairs::default();
        // The machine slows down threefold between pairs: each pair's
        // ratio stays 2, while the medians move.
        for (pair, speed) in [1.0, 3.0, 1.0, 3.0, 3.0].into_iter().enumerate() {
            pairs.run(pair, || 20.0 * speed, || 10.0 * speed);
        }
        let summary = pairs.summary().unwrap();
        assert_eq!(summary.ratio, 2.0);
        assert_eq!((summary.low, summary.high), (2.0, 2.0));
        assert_eq!((summary.median_a, summary.median_b), (60.0, 30.0));
        let mut spread = Pairs::default();
        for (pair, ratio) in [1.0, 1.2, 1.1, 0.9, 1.0].into_iter().enumerate() {
            spread.run(pair, || ratio, || 1.0);
        }
        let summary = spread.summary().unwrap();
        assert_eq!((summary.low, summary.ratio, summary.high), (1.0, 1.0, 1.1));
        assert_eq!(Pairs::default().summary(), None);
    }
}
