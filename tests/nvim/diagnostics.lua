-- Headless Neovim (0.7's vim.lsp.start_client) against `slsws lsp`, through
-- the shipped module editors/nvim/lua/slsws (require('slsws').setup): opens
-- LSP_TEST_FILE, which the module's autocmd attaches, waits for slsws's
-- diagnostics, prints them one per line (0-based line, byte column as Neovim
-- converts them from UTF-16), then asks for hover on the first one. Exit
-- status: 0 when diagnostics arrived.
vim.opt.runtimepath:prepend(vim.fn.getcwd() .. '/editors/nvim')
require('slsws').setup({
  cmd = { vim.env.SLSWS, 'lsp' },
  -- advisory rules that fire on any small service stay out of this test
  settings = { asOf = '2026-11-23', rules = { WS014 = 'off', WS064 = 'off', WS082 = 'off' } },
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.LSP_TEST_FILE))
local bufnr = vim.api.nvim_get_current_buf()
-- the module's client is listed for the buffer once it has initialized
vim.wait(10000, function() return next(vim.lsp.buf_get_clients(bufnr)) ~= nil end, 20)
local attached = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
if #attached ~= 1 or attached[1].name ~= 'slsws' then
  io.stdout:write('the slsws module attached ' .. #attached .. ' clients, not one named slsws\n')
  vim.cmd('cq')
end
local id = attached[1].id
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
