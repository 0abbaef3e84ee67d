-- Run by tests/nvim.test.sh inside `nvim --headless --clean`: open a
-- racoon.conf, attach racoonlint --lsp with Neovim's own LSP client, and
-- write what the client saw to $RESULT:
--   published N           a publishDiagnostics arrived with N diagnostics
--   diag LINE COL CODE    each diagnostic (0-based line and column)
--   edited N              diagnostics after an edit in the buffer
--   codeAction ok|error   formatting ok|error
--   stopped               the server went away after the client stopped it
local exe = assert(os.getenv('RACOONLINT'), 'RACOONLINT')
local conf = assert(os.getenv('CONF'), 'CONF')
local result = assert(os.getenv('RESULT'), 'RESULT')
local lines = {}

local function say(s)
  table.insert(lines, s)
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(conf))
  local buf = vim.api.nvim_get_current_buf()

  local published = 0
  local default = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, res, ctx, cfg)
    published = published + 1
    return default(err, res, ctx, cfg)
  end

  local config = {
    name = 'racoonlint',
    cmd = { exe, '--lsp' },
    root_dir = vim.fn.fnamemodify(conf, ':p:h:h'),
  }
  local id
  if vim.lsp.start then
    id = vim.lsp.start(config, { bufnr = buf })
  else
    id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, id)
  end
  assert(id, 'the client did not start')

  assert(vim.wait(20000, function() return published >= 1 end, 20), 'no diagnostics published')
  local diags = vim.diagnostic.get(buf)
  say('published ' .. #diags)
  for _, d in ipairs(diags) do
    say(string.format('diag %d %d %s', d.lnum, d.col, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))))
  end

  -- an edit: delete the faulty line; the client sends it incrementally
  local fault = tonumber(os.getenv('FAULT_LINE'))
  vim.api.nvim_buf_set_lines(buf, fault, fault + 1, true, {})
  assert(vim.wait(20000, function() return published >= 2 end, 20), 'no diagnostics after the edit')
  say('edited ' .. #vim.diagnostic.get(buf))

  local range = { start = { line = 0, character = 0 }, ['end'] = { line = 99, character = 0 } }
  local uri = vim.uri_from_bufnr(buf)
  local function ask(method, params)
    local answers = vim.lsp.buf_request_sync(buf, method, params, 10000)
    local a = answers and answers[id]
    return (a and a.err == nil and type(a.result) == 'table') and 'ok' or 'error'
  end
  say('codeAction ' .. ask('textDocument/codeAction',
    { textDocument = { uri = uri }, range = range, context = { diagnostics = {} } }))
  say('formatting ' .. ask('textDocument/formatting',
    { textDocument = { uri = uri }, options = { tabSize = 8, insertSpaces = false } }))

  vim.lsp.stop_client(id)
  if vim.wait(10000, function() return vim.lsp.get_client_by_id(id) == nil end, 20) then
    say('stopped')
  end
end

local ok, err = pcall(run)
if not ok then
  say('error ' .. tostring(err))
end
vim.fn.writefile(lines, result)
vim.cmd('qall!')
