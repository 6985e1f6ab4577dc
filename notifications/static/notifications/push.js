/* Turn web push on or off for this browser (notifications/settings.html). */
(function () {
  'use strict';
  var box = document.getElementById('push-device');
  if (!box) return;
  var button = box.querySelector('button');
  var status = box.querySelector('[data-push-status]');
  var csrf = box.querySelector('input[name=csrfmiddlewaretoken]').value;
  var key = box.dataset.publicKey;

  function say(text) {
    status.textContent = text;
  }
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    say(box.dataset.msgUnsupported);
    return;
  }
  function keyBytes(base64) {
    var padded = (base64 + '===='.slice(base64.length % 4)).replace(/-/g, '+').replace(/_/g, '/');
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    });
  }
  function show(subscription) {
    box.dataset.on = subscription ? '1' : '';
    button.textContent = subscription ? box.dataset.labelOff : box.dataset.labelOn;
    say(subscription ? box.dataset.msgOn : '');
    button.hidden = false;
  }
  var registration = navigator.serviceWorker.register('/sw.js', { scope: '/' });
  registration
    .then(function (reg) {
      return reg.pushManager.getSubscription();
    })
    .then(show)
    .catch(function () {
      say(box.dataset.msgFailed);
    });

  button.addEventListener('click', function () {
    button.disabled = true;
    var done = function () {
      button.disabled = false;
    };
    if (box.dataset.on) {
      registration
        .then(function (reg) {
          return reg.pushManager.getSubscription();
        })
        .then(function (subscription) {
          if (!subscription) return null;
          return post(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint }).then(function () {
            return subscription.unsubscribe();
          });
        })
        .then(function () {
          show(null);
        })
        .catch(function () {
          say(box.dataset.msgFailed);
        })
        .then(done);
      return;
    }
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== 'granted') {
          say(box.dataset.msgDenied);
          return null;
        }
        return registration
          .then(function (reg) {
            return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
          })
          .then(function (subscription) {
            return post(box.dataset.subscribeUrl, subscription.toJSON()).then(function () {
              show(subscription);
            });
          });
      })
      .catch(function () {
        say(box.dataset.msgFailed);
      })
      .then(done);
  });
})();
