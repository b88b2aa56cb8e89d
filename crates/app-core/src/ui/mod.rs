//! Confab's design system: the few controls every view is built from, so that a button, a menu,
//! a dialog or a side panel looks and behaves the same wherever it is, follows the theme's
//! tokens (`--confab-…`, see `theme`) and is never a browser-default control.
//!
//! - [`Button`] and [`IconButton`]: primary, secondary, quiet and danger buttons, and a button that
//!   is one icon, named for assistive technology and shown a tooltip;
//! - [`Menu`]: a button that opens a list of choices, for what a native `<select>` would offer;
//! - [`Dialog`] and [`SidePanel`]: a modal dialog, and a panel in the column beside the room;
//! - [`use_layer`]: what each of them (and a card or a viewer) does with the focus.
//!
//! Their look is `styles/ui.css`, which ships with the parts that use them (the first screen
//! draws its few buttons with its own stylesheet), so none of it is in the first load.

mod button;
mod dialog;
mod layer;
mod menu;
mod side_panel;

pub use button::{Button, IconButton, Variant};
pub use dialog::Dialog;
pub use layer::{Layer, use_layer};
pub use menu::{Menu, MenuItem};
pub use side_panel::SidePanel;
