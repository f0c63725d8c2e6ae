//! Throughput of the fused argmax + count (`perclass_core::scores`) on a 3×4096×4096 f32 CHW map:
//! `cargo run --release --example scores_throughput -p perclass-core --features parallel`.

use perclass_core::scores::{scores_count, ScoreLayout, ScoreRule, ScoreValues};
use perclass_core::Labels;
use rand::{rngs::SmallRng, Rng, SeedableRng};
use std::time::Instant;

fn main() {
    let pixels = 4096 * 4096;
    let mut rng = SmallRng::seed_from_u64(3);
    let truth: Vec<u8> = (0..pixels).map(|i| u8::from(i % 37 == 0)).collect();
    // MARGIN=1.8: logits of a good model (uniform noise, the true class raised by the margin);
    // unset: uniform scores, a random argmax.
    let margin: Option<f32> = std::env::var("MARGIN").ok().and_then(|m| m.parse().ok());
    let scores: Vec<f32> = (0..3 * pixels)
        .map(|j| {
            let noise = rng.gen::<f32>();
            match margin {
                Some(m) if u32::from(truth[j % pixels]) == (j / pixels) as u32 => {
                    noise * 2.0 - 1.0 + m
                }
                Some(_) => noise * 2.0 - 1.0,
                None => noise,
            }
        })
        .collect();
    let layouts = if std::env::var_os("CHW_ONLY").is_some() {
        vec![ScoreLayout::Chw]
    } else {
        vec![ScoreLayout::Chw, ScoreLayout::Hwc]
    };
    for layout in layouts {
        let run = || {
            scores_count(
                Labels::U8(&truth),
                ScoreValues::F32(&scores),
                layout,
                &ScoreRule::Argmax,
                3,
                None,
            )
            .unwrap()
        };
        report(&format!("{layout:?}, one thread"), pixels, run);
        #[cfg(feature = "parallel")]
        report(&format!("{layout:?}, pool"), pixels, || {
            perclass_core::scores::scores_count_parallel(
                Labels::U8(&truth),
                ScoreValues::F32(&scores),
                layout,
                &ScoreRule::Argmax,
                3,
                None,
            )
            .unwrap()
        });
    }
}

fn report<T>(what: &str, pixels: usize, run: impl Fn() -> T) {
    let mut times: Vec<f64> = (0..9)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{what}: {median:.2} ms, {:.0} Mpix/s",
        pixels as f64 / 1e3 / median
    );
}
