//! The app binary: fills the core's slots with the parts and starts the app (see `confab::start`).

fn main() {
    confab::start();
}
