-- The Neovim files of editors/nvim, in headless Neovim 0.7 (Debian's): which
-- buffers lsp/slsws.lua (0.11's runtimepath config) and the module's
-- config accept and with which root, what setup() hands vim.lsp.config and
-- vim.lsp.enable when they exist (stubbed here: 0.7 has neither), and, on
-- the real 0.7 path, which buffers get a client and how clients are shared
-- per service directory. Prints one line per observation for
-- tests/editors/nvim.expected; tests/nvim drives diagnostics through the
-- same module.
local root = vim.fn.getcwd()
vim.opt.runtimepath:prepend(root .. '/editors/nvim')
local out = {}
local function say(s) table.insert(out, s) end
local function finish(status)
  io.stdout:write(table.concat(out, '\n') .. '\n')
  vim.cmd(status and 'qa!' or 'cq')
end

-- a scratch tree: a/serverless.yml, a/serverless.json, b/serverless.yaml,
-- a/other.yml, a/serverless.yml.bak, a/my-serverless.yml
local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp .. '/a', 'p')
vim.fn.mkdir(tmp .. '/b', 'p')
local files = { 'a/serverless.yml', 'a/serverless.json', 'b/serverless.yaml', 'a/other.yml',
  'a/serverless.yml.bak', 'a/my-serverless.yml' }
for _, f in ipairs(files) do
  vim.fn.writefile(f:match('json$') and { '{"service": "s"}' } or { 'service: s' }, tmp .. '/' .. f)
end
local function rel(p) return (p:gsub('^' .. vim.pesc(tmp) .. '/?', '')) end

local function roots(label, root_dir)
  for _, f in ipairs(files) do
    local bufnr = vim.fn.bufadd(tmp .. '/' .. f)
    local got = '-'
    root_dir(bufnr, function(dir) got = rel(dir) end)
    say(string.format('%s root_dir %s -> %s', label, f, got))
  end
end

local cfg = dofile(root .. '/editors/nvim/lsp/slsws.lua')
say('lsp/slsws.lua keys ' .. table.concat(vim.fn.sort(vim.tbl_keys(cfg)), ','))
say('lsp/slsws.lua cmd ' .. table.concat(cfg.cmd, ' ') .. ' filetypes ' .. table.concat(cfg.filetypes, ','))
roots('lsp/slsws.lua', cfg.root_dir)

local slsws = require('slsws')
local settings = { asOf = '2026-11-23', rules = { WS070 = 'off' } }
local mcfg = slsws.config({ cmd = { '/x/slsws', 'lsp' }, settings = settings })
say('config keys ' .. table.concat(vim.fn.sort(vim.tbl_keys(mcfg)), ','))
say('config name ' .. mcfg.name .. ' cmd ' .. table.concat(mcfg.cmd, ' ') .. ' filetypes ' ..
  table.concat(mcfg.filetypes, ','))
say('config init_options ' .. vim.fn.json_encode(mcfg.init_options))
say('config settings ' .. vim.fn.json_encode(mcfg.settings))
say('config default cmd ' .. table.concat(slsws.config().cmd, ' '))
roots('config', mcfg.root_dir)

-- 0.11+: setup() registers and enables the config, nothing else
assert(vim.lsp.config == nil and vim.lsp.enable == nil, 'this test expects Neovim before 0.11')
local calls = {}
vim.lsp.config = function(name, c)
  table.insert(calls, 'config ' .. name .. ' cmd=' .. table.concat(c.cmd, ' ') .. ' init_options=' ..
    vim.fn.json_encode(c.init_options) .. ' settings=' .. vim.fn.json_encode(c.settings))
end
vim.lsp.enable = function(name) table.insert(calls, 'enable ' .. name) end
local ret = slsws.setup({ cmd = { '/x/slsws', 'lsp' }, settings = settings })
vim.lsp.config, vim.lsp.enable = nil, nil
for _, c in ipairs(calls) do say('0.11 setup: ' .. c) end
local has_group = pcall(vim.api.nvim_get_autocmds, { group = 'slsws' })
say('0.11 setup returns ' .. #ret .. ' ids, augroup slsws ' .. tostring(has_group))

-- 0.7: the real clients. a/serverless.yml is open before setup (attached by
-- setup itself), the others are opened after it (attached by the autocmd).
vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/a/serverless.yml'))
local ids = slsws.setup({ cmd = { vim.env.SLSWS, 'lsp' }, settings = settings })
say('0.7 setup returns ' .. #ids .. ' id')
local bufs = {}
for _, f in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/' .. f))
  bufs[f] = vim.api.nvim_get_current_buf()
end
local services = { 'a/serverless.yml', 'a/serverless.json', 'b/serverless.yaml' }
local ready = vim.wait(10000, function()
  for _, f in ipairs(services) do
    if next(vim.lsp.buf_get_clients(bufs[f])) == nil then return false end
  end
  return true
end, 20)
say('0.7 clients initialized ' .. tostring(ready))
local seen, nseen = {}, 0
for _, f in ipairs(files) do
  local names = {}
  for id, c in pairs(vim.lsp.buf_get_clients(bufs[f])) do
    if not seen[id] then seen[id] = string.char(string.byte('A') + nseen); nseen = nseen + 1 end
    table.insert(names, c.name .. '#' .. seen[id] .. ' root=' .. rel(c.config.root_dir))
  end
  say('0.7 ' .. f .. ': ' .. (#names > 0 and table.concat(names, ', ') or 'no client'))
end
local active = vim.lsp.get_active_clients()
table.sort(active, function(x, y) return x.id < y.id end)
for _, c in ipairs(active) do
  if c.name == 'slsws' then
    say('0.7 client ' .. seen[c.id] .. ' init_options ' .. vim.fn.json_encode(c.config.init_options) ..
      ' cmd ' .. (c.config.cmd[1] == vim.env.SLSWS and '$SLSWS' or c.config.cmd[1]) .. ' ' .. c.config.cmd[2])
  end
end
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.fn.delete(tmp, 'rf')
finish(ready)
