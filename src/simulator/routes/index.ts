/**
 * One handler per endpoint. Typed as a record over `EndpointName`, so adding an endpoint to the
 * client's table does not compile until the simulator answers it too.
 */
import type { EndpointName } from '../../krastie/endpoints.js';
import type { Handler } from '../context.js';
import * as brandVoices from './brand-voices.js';
import * as generation from './generation.js';
import * as visibility from './visibility.js';

export const handlers: Readonly<Record<EndpointName, Handler>> = {
  runReport: visibility.runReport,
  prefillReport: visibility.prefillReport,
  getLatestReport: visibility.getLatestReport,
  getReportHistory: visibility.getReportHistory,
  getAssistantContext: visibility.getAssistantContext,
  generateText: generation.generateText,
  chat: generation.chat,
  improveContent: generation.improveContent,
  getJob: generation.getJob,
  createBrandVoiceFromWebsite: brandVoices.createBrandVoiceFromWebsite,
  createBrandVoiceFromText: brandVoices.createBrandVoiceFromText,
  createBrandVoiceFromFile: brandVoices.createBrandVoiceFromFile,
  listBrandVoices: brandVoices.listBrandVoices,
  getBrandVoice: brandVoices.getBrandVoice,
  updateBrandVoice: brandVoices.updateBrandVoice,
  deleteBrandVoice: brandVoices.deleteBrandVoice,
};
