// The page's script: it adds and deletes notes through the JSON API and shows
// the server's clock from its event stream. It is served from the site's own
// origin, which the Content-Security-Policy allows (script-src 'self'), and
// builds the page with textContent only, never HTML from data.
'use strict';

(function () {
  // The clock: an event "tick" every second from GET /api/clock. The
  // browser reconnects by itself when the stream breaks (a restart).
  const clock = document.getElementById('clock');
  if (clock && window.EventSource) {
    const events = new EventSource('/api/clock');
    events.addEventListener('tick', function (e) {
      clock.dateTime = e.data;
      clock.textContent = new Date(e.data).toLocaleTimeString();
    });
  }

  const form = document.getElementById('add-note');
  if (!form) {
    return; // signed out: nothing else on the page needs a script
  }
  const list = document.getElementById('notes');
  const empty = document.getElementById('empty');
  const problem = document.getElementById('note-error');

  function span(className, text) {
    const s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
  }

  // render makes the list item of a note as the server's page does.
  function render(note) {
    const li = document.createElement('li');
    li.dataset.id = String(note.id);
    li.append(span('priority', String(note.priority)), ' ', span('text', note.text));
    for (const tag of note.tags) {
      li.append(' ', span('tag', tag));
    }
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'delete quiet';
    del.setAttribute('aria-label', 'Delete');
    del.textContent = '×';
    li.append(' ', del);
    return li;
  }

  function show(message) {
    problem.textContent = message || '';
    problem.hidden = !message;
  }

  // answer reads a JSON answer; the API's errors are {"error": "..."}.
  async function answer(res) {
    try {
      return await res.json();
    } catch (e) {
      return { error: res.status + ' ' + res.statusText };
    }
  }

  // Adding a note: POST /api/notes with JSON. The browser adds
  // Sec-Fetch-Site: same-origin, which is what the API checks.
  form.addEventListener('submit', async function (e) {
    e.preventDefault();
    const data = new FormData(form);
    const note = {
      text: String(data.get('text')),
      priority: Number(data.get('priority')),
      tags: String(data.get('tags') || '').split(',').map(function (t) { return t.trim(); }).filter(Boolean),
    };
    const res = await fetch('/api/notes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(note),
    });
    const body = await answer(res);
    if (res.status !== 201) {
      show(body.error);
      return;
    }
    show('');
    list.append(render(body));
    empty.hidden = true;
    form.reset();
  });

  // Deleting a note: DELETE /api/notes/{id}.
  list.addEventListener('click', async function (e) {
    const button = e.target.closest('button.delete');
    if (!button) {
      return;
    }
    const li = button.closest('li');
    const res = await fetch('/api/notes/' + li.dataset.id, { method: 'DELETE' });
    if (res.status !== 204 && res.status !== 404) {
      show((await answer(res)).error);
      return;
    }
    li.remove();
    empty.hidden = list.children.length > 0;
  });
})();
