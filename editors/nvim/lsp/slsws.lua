-- slsws for Neovim 0.11+ by the runtimepath convention: with this file on
-- 'runtimepath' under lsp/ (or copied to ~/.config/nvim/lsp/slsws.lua),
-- `vim.lsp.enable('slsws')` starts `slsws lsp` for serverless.yml,
-- serverless.yaml and serverless.json buffers only; yamlls keeps running
-- beside it, since Neovim attaches several clients to a buffer. Settings:
-- vim.lsp.config('slsws', { init_options = { rules = { WS070 = 'off' } } }).
---@type vim.lsp.Config
return {
  cmd = { 'slsws', 'lsp' },
  filetypes = { 'yaml', 'json' },
  -- attach only to service files (the technique of nvim-lspconfig's gh_actions_ls)
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    local tail = vim.fn.fnamemodify(name, ':t')
    if tail == 'serverless.yml' or tail == 'serverless.yaml' or tail == 'serverless.json' then
      on_dir(vim.fn.fnamemodify(name, ':p:h'))
    end
  end,
}
