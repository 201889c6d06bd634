//! C ABI of xiaoneng (being written).
