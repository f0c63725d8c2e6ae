//! A decision rule's own checks, made before any pixel is read.

use super::ScoreRule;
use crate::{PerclassError, MAX_CLASSES};

/// The rule's own checks: classes increasing, distinct and below `num_classes`; one threshold
/// per class, each in [0, 1]; the background class below `num_classes`.
pub(crate) fn check_rule(rule: &ScoreRule, num_classes: u32) -> Result<(), PerclassError> {
    let option = |message: String| Err(PerclassError::Option { message });
    let (classes, thresholds) = match rule {
        ScoreRule::Argmax => return Ok(()),
        ScoreRule::Threshold {
            classes,
            thresholds,
            background,
        } => {
            if *background >= num_classes {
                return option(format!(
                    "the background class {background} is outside [0, {num_classes})"
                ));
            }
            (classes, thresholds)
        }
        ScoreRule::MultiLabel {
            classes,
            thresholds,
        } => (classes, thresholds),
    };
    if classes.is_empty() || classes.len() > MAX_CLASSES as usize {
        return option("the scored classes must be a non-empty list".to_owned());
    }
    if classes.windows(2).any(|w| w[0] >= w[1]) || classes[classes.len() - 1] >= num_classes {
        return option(format!(
            "the scored classes must increase and lie in [0, {num_classes})"
        ));
    }
    if thresholds.len() != classes.len() {
        return option(format!(
            "{} thresholds for {} scored classes",
            thresholds.len(),
            classes.len()
        ));
    }
    if let Some(t) = thresholds.iter().find(|t| !(0.0..=1.0).contains(*t)) {
        return option(format!("a threshold must be a number in [0, 1], got {t}"));
    }
    Ok(())
}
