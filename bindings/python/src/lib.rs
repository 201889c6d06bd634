//! Python bindings of xiaoneng (being written).
