// Run in /q/swagger-ui by SwaggerUiBrowserTest (through DevTools): what a first-time user does, by
// the controls a user sees. TOKEN, KEY and VALUE are replaced by the test. Resolves to what it saw.
(async () => {
  const token = 'TOKEN', key = 'KEY', value = 'VALUE';
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const find = async (what, lookup, within = 20000) => {
    for (const end = Date.now() + within; Date.now() < end; await sleep(100)) {
      const found = lookup();
      if (found) return found;
    }
    throw new Error('Swagger UI shows no ' + what);
  };
  // React owns the inputs: set the value through the native setter, then tell React; Swagger UI's
  // inputs debounce their changes (300 ms), so wait before the next step
  const type = async (input, text) => {
    const proto = input.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await sleep(500);
  };
  const operation = (method, summary) => find('operation "' + summary + '"', () => [...document.querySelectorAll('.opblock-' + method)]
      .find(block => block.querySelector('.opblock-summary-description')?.textContent.trim() === summary));
  const param = (block, name) => find('parameter ' + name, () => block.querySelector('tr[data-param-name="' + name + '"] input'));
  const execute = async (block) => {
    block.querySelector('.execute').click();
    const status = await find('response status', () => block.querySelector('.live-responses-table .response .response-col_status'), 30000);
    const body = block.querySelector('.live-responses-table .response-col_description pre');
    return { status: Number(status.textContent.trim()), body: body ? body.textContent : null };
  };
  const open = async (block) => {
    block.querySelector('.opblock-summary-control').click();
    (await find('"Try it out"', () => block.querySelector('.try-out__btn'))).click();
  };

  // Authorize with the token
  (await find('Authorize button', () => document.querySelector('.auth-wrapper .authorize'))).click();
  await type(await find('bearer token field', () => document.querySelector('.modal-ux .auth-container input')), token);
  (await find('modal Authorize', () => document.querySelector('.modal-ux .auth-btn-wrapper .authorize'))).click();
  (await find('modal Close', () => document.querySelector('.modal-ux .auth-btn-wrapper .btn-done, .modal-ux .close-modal'))).click();

  // Write a value: typed into the body field (a text media type; bytes only would show a file picker)
  const write = await operation('put', 'Write a value');
  await open(write);
  await type(await param(write, 'ns'), 'demo');
  await type(await param(write, 'key'), key);
  await type(await find('request body text field', () => write.querySelector('textarea.body-param__text')), value);
  const written = await execute(write);

  // ...and read it back
  const read = await operation('get', 'Read a value');
  await open(read);
  await type(await param(read, 'ns'), 'demo');
  await type(await param(read, 'key'), key);
  const back = await execute(read);
  return { write: written.status, read: back.status, body: back.body };
})()
