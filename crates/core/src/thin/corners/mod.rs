//! Surface distances on the pixel-corner grid (DeepMind surface-distance), see
//! `CornerSurfaceCounts`.

mod border;
