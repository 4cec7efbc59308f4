-- Headless Neovim (0.7's vim.lsp.start_client) against `slsws lsp`: opens
-- LSP_TEST_FILE, waits for slsws's diagnostics, prints them one per line
-- (0-based line, byte column as Neovim converts them from UTF-16), then asks
-- for hover on the first one. Exit status: 0 when diagnostics arrived.
local cmd = { vim.env.SLSWS, 'lsp' }
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.LSP_TEST_FILE))
local bufnr = vim.api.nvim_get_current_buf()
local id = assert(vim.lsp.start_client({
  name = 'slsws',
  cmd = cmd,
  root_dir = vim.fn.getcwd(),
  -- advisory rules that fire on any small service stay out of this test
  init_options = { asOf = '2026-11-23', rules = { WS014 = 'off', WS064 = 'off', WS082 = 'off' } },
}))
vim.lsp.buf_attach_client(bufnr, id)
local ok = vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
local diags = vim.diagnostic.get(bufnr)
table.sort(diags, function(a, b)
  if a.lnum ~= b.lnum then return a.lnum < b.lnum end
  return a.col < b.col
end)
for _, d in ipairs(diags) do
  io.stdout:write(string.format('DIAG %d:%d-%d:%d sev=%d %s %s\n', d.lnum, d.col, d.end_lnum,
    d.end_col, d.severity, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?', d.message))
end
if #diags > 0 then
  local client = vim.lsp.get_client_by_id(id)
  local res = client.request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = diags[1].lnum, character = diags[1].col },
  }, 5000, bufnr)
  local title = 'none'
  if res and res.result and res.result.contents then
    title = string.match(res.result.contents.value or '', '# (WS%d+ [%w-]+)') or 'no title'
  end
  io.stdout:write('HOVER ' .. title .. '\n')
end
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
vim.cmd(ok and 'qa!' or 'cq')
