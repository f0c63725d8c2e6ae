use std::fmt;

/// Which of the two label maps an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Truth,
    Prediction,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Truth => "truth",
            Side::Prediction => "prediction",
        }
    }
}

/// Every error the kernels can report. `code()` is the stable code the JavaScript side throws
/// (the same code, and the same message, from every backend for the same input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PerclassError {
    /// The two maps have different lengths.
    Shape { truth: usize, pred: usize },
    /// `num_classes` outside `1..=MAX_CLASSES`.
    NumClasses { value: u32 },
    /// A label outside `[0, num_classes)` that is not the ignore index. `index` is the position
    /// in the flat (row-major) map; the first offending position is reported, truth before
    /// prediction at the same position.
    LabelRange {
        side: Side,
        value: u32,
        index: usize,
        num_classes: u32,
        ignore_index: Option<u32>,
    },
    /// A 2-D metric was asked for and the map's length is not a whole number of rows.
    Width { len: usize, width: usize },
    /// A bad option of a 2-D metric (width, tolerance, class list); the message names the value.
    Option { message: String },
    /// A binding passed a code or bit set the core does not define (a distance, depth-axis or
    /// metric code). The TypeScript side writes these from the same tables
    /// (`src/generated/abi.ts`), so this can only be a perclass bug: `E_INTERNAL`, never a guess.
    UnknownCode { what: &'static str, value: u32 },
    /// A score is NaN; `index` is the first such flat index, in the layout given.
    ScoreNan { index: usize },
    /// A score map's length is not its channels times the truth map's pixels.
    ScoreShape {
        values: usize,
        channels: usize,
        pixels: usize,
        layout: &'static str,
    },
}

impl PerclassError {
    /// A label error found in a piece that starts at `offset` in the whole map, placed at its
    /// position in the whole map (other errors have no position).
    pub(crate) fn at_offset(mut self, offset: usize) -> PerclassError {
        if let PerclassError::LabelRange { index, .. } = &mut self {
            *index += offset;
        }
        self
    }

    pub fn code(&self) -> &'static str {
        match self {
            PerclassError::Shape { .. } => "E_SHAPE",
            PerclassError::NumClasses { .. } => "E_NUM_CLASSES",
            PerclassError::LabelRange { .. } => "E_LABEL_RANGE",
            PerclassError::Width { .. } => "E_SHAPE",
            PerclassError::Option { .. } => "E_OPTION",
            PerclassError::UnknownCode { .. } => "E_INTERNAL",
            PerclassError::ScoreNan { .. } => "E_SCORE_NAN",
            PerclassError::ScoreShape { .. } => "E_SHAPE",
        }
    }
}

// The message texts are part of the cross-backend contract: `src/errors.ts` builds the same
// strings for the pure-TS backend, and the parity tests compare them.
impl fmt::Display for PerclassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PerclassError::Shape { truth, pred } => write!(
                f,
                "truth and prediction differ in length: {truth} vs {pred} pixels"
            ),
            PerclassError::NumClasses { value } => write!(
                f,
                "numClasses must be an integer in [1, {}], got {value}",
                crate::MAX_CLASSES
            ),
            PerclassError::LabelRange {
                side,
                value,
                index,
                num_classes,
                ignore_index,
            } => {
                write!(
                    f,
                    "{} label {value} at index {index} is outside [0, {num_classes})",
                    side.as_str()
                )?;
                if let Some(ignore) = ignore_index {
                    write!(f, " and is not ignoreIndex {ignore}")?;
                }
                Ok(())
            }
            PerclassError::Width { len, width } => write!(
                f,
                "the map's length {len} is not a multiple of width {width}"
            ),
            PerclassError::Option { message } => f.write_str(message),
            PerclassError::UnknownCode { what, value } => write!(
                f,
                "internal error: the binding passed {what} {value}, which the core does not define"
            ),
            PerclassError::ScoreNan { index } => write!(f, "scores[{index}] is NaN"),
            PerclassError::ScoreShape {
                values,
                channels,
                pixels,
                layout,
            } => write!(
                f,
                "scores hold {values} values, but layout '{layout}' with {channels} channels over \
                 {pixels} pixels needs {}",
                channels * pixels
            ),
        }
    }
}

impl std::error::Error for PerclassError {}
