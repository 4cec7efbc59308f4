-- slsws for Neovim: starts `slsws lsp` for serverless.yml, serverless.yaml
-- and serverless.json buffers only, beside whatever else (yamlls) runs on
-- YAML. With editors/nvim on 'runtimepath':
--
--   require('slsws').setup({
--     cmd = { 'slsws', 'lsp' },                          -- the default
--     settings = { asOf = '2026-11-23', rules = { WS070 = 'off' }, noSources = false },
--   })
--
-- On Neovim 0.11+ (vim.lsp.config and vim.lsp.enable) setup() registers the
-- config 'slsws' and enables it; before that (0.7 to 0.10) it starts one
-- client per service directory with vim.lsp.start_client from an autocmd
-- and attaches every service buffer, already open ones included. The
-- settings reach the server as initializationOptions (LSP.md); they are
-- also the client's "slsws" settings section, which Neovim 0.11 sends in
-- workspace/didChangeConfiguration after initialize (0.7 sends none).
-- setup() returns the ids of the clients it started for buffers already
-- open (0.7 path only).
local M = {}

M.patterns = { 'serverless.yml', 'serverless.yaml', 'serverless.json' }

-- true when the buffer's file is a Serverless service file
function M.is_service(fname)
  local tail = vim.fn.fnamemodify(fname or '', ':t')
  for _, p in ipairs(M.patterns) do
    if tail == p then return true end
  end
  return false
end

-- The client config for a buffer name: cmd, the service directory as root,
-- the settings twice (initializationOptions, didChangeConfiguration).
function M.config(opts)
  opts = opts or {}
  local settings = opts.settings or {}
  return {
    name = 'slsws',
    cmd = opts.cmd or { 'slsws', 'lsp' },
    filetypes = { 'yaml', 'json' },
    init_options = settings,
    settings = { slsws = settings },
    -- 0.11's signature; the 0.7 path below computes its root itself
    root_dir = function(bufnr, on_dir)
      local name = vim.api.nvim_buf_get_name(bufnr)
      if M.is_service(name) then on_dir(vim.fn.fnamemodify(name, ':p:h')) end
    end,
  }
end

local clients = {} -- service directory -> client id (0.7 path)

local function attach(cfg, bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if not M.is_service(name) then return nil end
  local root = vim.fn.fnamemodify(name, ':p:h')
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client({
      name = cfg.name,
      cmd = cfg.cmd,
      root_dir = root,
      init_options = cfg.init_options,
      settings = cfg.settings,
    })
    if not id then return nil end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(opts)
  local cfg = M.config(opts)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('slsws', cfg)
    vim.lsp.enable('slsws')
    return {}
  end
  local group = vim.api.nvim_create_augroup('slsws', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = M.patterns,
    callback = function(ev) attach(cfg, ev.buf) end,
  })
  local ids = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      local id = attach(cfg, bufnr)
      if id then table.insert(ids, id) end
    end
  end
  return ids
end

return M
