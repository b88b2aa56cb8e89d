fn main() {
    confab::start();
}
