/*
 * The first screen a server rendered (`#confab-first`), shown until the app's own first screen is
 * ready beside it, then swapped for it in one step, so nothing flashes. What the reader did
 * meanwhile is not lost: the focus moves to the same control in the app's screen, words typed
 * into the room filter are typed into the app's, and a click on a room is kept and given to the
 * app's same room. `cargo xtask finish` writes this into the app's page and into embed.js.
 *
 * `scope` holds both screens (the page's body, or a `<confab-chat>`'s shadow root); the app's is
 * the element matching `appSelector` in it, hidden until the swap.
 */
function confabTakeOver(first, scope, appSelector) {
  var controls = function (root) {
    return Array.prototype.slice.call(root.querySelectorAll('button, a[href], input, textarea, [tabindex]'));
  };
  var clicked = -1;
  first.addEventListener('click', function (event) {
    var control = event.target.closest('button, a[href]');
    if (!control) return;
    event.preventDefault();
    clicked = controls(first).indexOf(control);
    var shown = first.querySelector('.selected');
    if (shown) shown.classList.remove('selected');
    control.classList.add('selected');
  });
  // Ready: the app's room list has loaded (or failed to), or it shows a screen saying why not.
  var ready = function (app) {
    var list = app.querySelector('.room-list');
    return list ? !list.querySelector('[role=status]') : !!app.querySelector('[aria-busy=false]');
  };
  new MutationObserver(function (_, watching) {
    var app = scope.querySelector(appSelector);
    if (!app || !ready(app)) return;
    watching.disconnect();
    var focused = controls(first).indexOf(first.getRootNode().activeElement);
    var filter = first.querySelector('.room-filter');
    var typed = filter ? filter.value : '';
    first.remove();
    app.hidden = false;
    var mine = controls(app);
    if (focused >= 0 && mine[focused]) mine[focused].focus();
    var own = app.querySelector('.room-filter');
    if (typed && own) {
      own.value = typed;
      own.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (clicked >= 0 && mine[clicked]) mine[clicked].click();
  }).observe(scope, { childList: true, subtree: true });
}
