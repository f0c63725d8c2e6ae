// Shows what a page computed in #result (JSON) and marks the body done, so the test waits for one
// attribute instead of guessing how long loading the wasm takes.
export async function showResult(work) {
  const out = document.getElementById('result');
  try {
    out.textContent = JSON.stringify(await work());
    document.body.dataset.done = 'ok';
  } catch (error) {
    out.textContent = JSON.stringify({ error: String(error), code: error?.code });
    document.body.dataset.done = 'error';
  }
}
